package org.swiftline.gateway.store;

import java.time.Instant;
import java.util.Objects;

/** A person's verdict on one answer: did it help? */
public record AnswerFeedback(String conversationId, String articleId, String language, boolean helpful, Instant at) {
  public AnswerFeedback {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(articleId, "articleId");
    Objects.requireNonNull(at, "at");
  }
}
