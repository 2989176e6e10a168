package org.swiftline.bots;

import java.util.Objects;

/** The article a reply rests on (or the best candidate when clarifying) and the engine's confidence in it. */
public record Match(String articleId, double score) {
  public Match {
    Objects.requireNonNull(articleId, "articleId");
    if (Double.isNaN(score)) throw new IllegalArgumentException("score must be a number");
  }
}
