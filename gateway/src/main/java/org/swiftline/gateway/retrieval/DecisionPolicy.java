package org.swiftline.gateway.retrieval;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The decision to answer, clarify or say there is no answer, per language, as calibrated by
 * {@link Calibrator}. A wrong answer costs more than a question back, so the answer threshold is set for
 * precision and the clarify threshold for rejecting what the knowledge base does not cover.
 */
public final class DecisionPolicy {
  /** At most this many choices are offered when clarifying. */
  static final int MAX_CHOICES = 3;
  /** A choice is offered only if its score is at least this share of the best score. */
  static final double CHOICE_RATIO = 0.6;

  private final Map<String, LanguagePolicy> byLanguage;
  private final LanguagePolicy pooled;

  DecisionPolicy(Map<String, LanguagePolicy> byLanguage, LanguagePolicy pooled) {
    this.byLanguage = Map.copyOf(byLanguage);
    this.pooled = pooled;
  }

  LanguagePolicy forLanguage(String language) {
    return byLanguage.getOrDefault(language, pooled);
  }

  /**
   * @param coverage the query's coverage by the knowledge base (see {@link HybridRetriever#coverage})
   * @param matched the share of the query's words the best candidate contains (see {@link HybridRetriever#matched})
   * @param terms how many distinct word terms the query has
   */
  Decision decide(String language, List<Candidate> ranked, double coverage, double matched, int terms) {
    if (ranked.isEmpty() || ranked.get(0).score() <= 0) {
      return new Decision(Decision.Kind.NONE, List.of(), language, 0);
    }
    LanguagePolicy policy = forLanguage(language);
    double[] x = LanguagePolicy.features(ranked, coverage, matched, terms);
    double right = LanguagePolicy.probability(policy.correct(), x);
    if (right >= policy.answerAt()) {
      return new Decision(Decision.Kind.ANSWER, List.of(ranked.get(0)), language, right);
    }
    double inScope = LanguagePolicy.probability(policy.inScope(), x);
    if (inScope >= policy.clarifyAt() && ranked.size() > 1) {
      List<Candidate> choices = new ArrayList<>();
      double best = ranked.get(0).score();
      for (Candidate c : ranked) {
        if (choices.size() == MAX_CHOICES) break;
        if (choices.size() < 2 || c.score() >= best * CHOICE_RATIO) choices.add(c);
      }
      return new Decision(Decision.Kind.CLARIFY, choices, language, right);
    }
    return new Decision(Decision.Kind.NONE, List.of(), language, right);
  }

  /** The calibration of every language, for the knowledge-base status API. */
  public JsonObject toJson() {
    JsonObject languages = new JsonObject();
    byLanguage.forEach((lang, p) -> languages.put(lang, p.toJson()));
    return new JsonObject().put("languages", languages).put("pooled", pooled.toJson());
  }

  static DecisionPolicy fromJson(JsonObject json) {
    Map<String, LanguagePolicy> map = new java.util.HashMap<>();
    json.getJsonObject("languages").forEach(e -> map.put(e.getKey(), LanguagePolicy.fromJson((JsonObject) e.getValue())));
    return new DecisionPolicy(map, LanguagePolicy.fromJson(json.getJsonObject("pooled")));
  }
}
