package org.swiftline.gateway.operators;

import java.util.Objects;

/** A ready-made sentence an operator inserts with one click, in one language. */
public record CannedReply(String id, String language, String text) {
  public CannedReply {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(text, "text");
  }
}
