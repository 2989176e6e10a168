package org.swiftline.bots;

import java.util.Objects;

/**
 * A choice offered to the person: a button where the channel has buttons, a numbered line otherwise.
 *
 * @param title what the person sees
 * @param payload what comes back when the person picks it (for example {@code article:visa-extension})
 */
public record QuickReply(String title, String payload) {
  public QuickReply {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(payload, "payload");
    if (title.isBlank()) throw new IllegalArgumentException("title must not be blank");
    if (payload.isBlank()) throw new IllegalArgumentException("payload must not be blank");
  }
}
