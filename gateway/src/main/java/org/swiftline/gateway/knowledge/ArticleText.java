package org.swiftline.gateway.knowledge;

import java.util.List;
import java.util.Objects;

/** One language version of an article: its title, sample questions and Markdown answer body. */
public record ArticleText(String language, String title, List<String> questions, String body) {
  public ArticleText {
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(body, "body");
    if (title.isBlank()) throw new IllegalArgumentException("title must not be empty");
    questions = List.copyOf(questions);
    if (questions.isEmpty()) throw new IllegalArgumentException("questions must list at least one question");
    for (String q : questions) {
      if (q == null || q.isBlank()) throw new IllegalArgumentException("questions must not contain empty entries");
    }
    if (body.isBlank()) throw new IllegalArgumentException("the answer body after the front matter is empty");
  }
}
