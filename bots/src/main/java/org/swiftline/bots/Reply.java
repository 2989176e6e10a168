package org.swiftline.bots;

import java.util.List;
import java.util.Objects;

/** One message for the person: text (a safe subset of Markdown) and the choices offered with it. */
public record Reply(String text, List<QuickReply> quickReplies) {
  public Reply {
    Objects.requireNonNull(text, "text");
    quickReplies = List.copyOf(quickReplies == null ? List.of() : quickReplies);
  }

  public static Reply text(String text) {
    return new Reply(text, List.of());
  }
}
