package org.swiftline.gateway.knowledge;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An immutable snapshot of the knowledge base; a reload builds a new one and swaps it in.
 *
 * @param fingerprint a hash of every file's content, used to key caches
 */
public record KnowledgeBase(
    Map<String, Article> articles, Map<String, Department> departments, Map<String, Category> categories,
    String fingerprint) {
  public KnowledgeBase {
    articles = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(articles));
    departments = Map.copyOf(departments);
    categories = Map.copyOf(categories);
  }

  public Optional<Article> article(String id) {
    return Optional.ofNullable(articles.get(id));
  }

  /** The languages any article is written in, sorted. */
  public Set<String> languages() {
    Set<String> languages = new TreeSet<>();
    articles.values().forEach(a -> languages.addAll(a.texts().keySet()));
    return languages;
  }

  public List<Article> list() {
    return List.copyOf(articles.values());
  }
}
