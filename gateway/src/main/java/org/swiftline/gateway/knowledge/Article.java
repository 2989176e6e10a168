package org.swiftline.gateway.knowledge;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A knowledge-base article: its id, its versions by language and the metadata of {@code article.yaml}.
 *
 * @param texts language tag to text, at least one
 * @param department the department id from {@code article.yaml}, or {@code null}
 * @param category the appeal category id from {@code article.yaml}, or {@code null}
 */
public record Article(
    String id, Map<String, ArticleText> texts, String department, String category, List<String> tags,
    String source, String updated) {
  public static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  public Article {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("article id '" + id + "' must be lowercase letters, digits and hyphens");
    }
    texts = Map.copyOf(texts);
    if (texts.isEmpty()) throw new IllegalArgumentException("article " + id + " has no language file");
    tags = List.copyOf(tags == null ? List.of() : tags);
  }

  public Optional<ArticleText> text(String language) {
    return Optional.ofNullable(texts.get(language));
  }
}
