package org.swiftline.gateway.analytics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.swiftline.gateway.retrieval.TextSimilarity;
import org.swiftline.gateway.store.UnansweredQuestion;

/**
 * The questions the bot could not answer, grouped by similarity ({@link TextSimilarity}), the most asked
 * first: what editors should write articles about next. Each group shows its most frequent wording, its
 * count, its languages, a few other wordings and when it was last asked. CPU work, for worker threads.
 */
public final class KnowledgeGaps {
  /** How alike two questions must be to be one gap. */
  static final double THRESHOLD = 0.4;
  private static final int EXAMPLES = 5;

  private final TextSimilarity similarity;

  public KnowledgeGaps(TextSimilarity similarity) {
    this.similarity = similarity;
  }

  /** The groups of {@code questions} (newest first), at most {@code limit}. */
  public JsonArray group(List<UnansweredQuestion> questions, int limit) {
    List<String> texts = questions.stream().map(UnansweredQuestion::text).toList();
    List<String> languages = questions.stream().map(q -> q.language() == null ? "und" : q.language()).toList();
    List<List<Integer>> groups = similarity.group(texts, languages, THRESHOLD);
    JsonArray result = new JsonArray();
    for (List<Integer> group : groups.subList(0, Math.min(limit, groups.size()))) {
      Map<String, Integer> wordings = new HashMap<>();
      Map<String, String> original = new HashMap<>();
      Map<String, Integer> byLanguage = new TreeMap<>();
      for (int i : group) {
        String key = key(texts.get(i));
        wordings.merge(key, 1, Integer::sum);
        original.putIfAbsent(key, texts.get(i).strip());
        byLanguage.merge(languages.get(i), 1, Integer::sum);
      }
      // the most frequent wording; among equals, the most recent
      String top = null;
      for (int i : group) {
        String key = key(texts.get(i));
        if (top == null || wordings.get(key) > wordings.get(top)) top = key;
      }
      Set<String> examples = new LinkedHashSet<>();
      for (int i : group) {
        String text = texts.get(i).strip();
        if (!key(text).equals(top)) examples.add(text);
        if (examples.size() >= EXAMPLES) break;
      }
      JsonObject langs = new JsonObject();
      byLanguage.forEach(langs::put);
      result.add(new JsonObject().put("question", original.get(top)).put("count", group.size()).put("languages", langs)
          .put("examples", new JsonArray(new ArrayList<>(examples)))
          .put("lastAsked", questions.get(group.get(0)).at().toString()));
    }
    return result;
  }

  /** A wording without case, punctuation or extra spaces: "Where can I buy a duck?" is "where can i buy a duck". */
  private static String key(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[\\p{P}\\p{S}]+", " ").replaceAll("\\s+", " ").strip();
  }
}
