package org.swiftline.gateway.retrieval;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The calibrated decision rule of one language: fusion weights, two logistic models over the top
 * candidates' evidence (is the best candidate right? is the query in scope at all?) and their thresholds.
 *
 * @param weights fusion weights for words, grams, cosine
 * @param correct logistic coefficients for "the best candidate is right"
 * @param inScope logistic coefficients for "some article answers this"
 * @param answerAt answer when P(right) reaches this
 * @param clarifyAt otherwise clarify when P(in scope) reaches this; else no answer
 * @param report what calibration measured on held-out questions, for operators
 */
public record LanguagePolicy(
    double[] weights, double[] correct, double[] inScope, double answerAt, double clarifyAt, JsonObject report) {

  /**
   * The features the logistic models read: the ranked candidates' evidence, the query's coverage
   * (see {@link HybridRetriever#coverage}), the share of its words the best candidate contains (see
   * {@link HybridRetriever#matched}) and its length in words (a long question's normalised scores are
   * lower: more of its words are incidental).
   */
  static double[] features(List<Candidate> ranked, double coverage, double matched, int terms) {
    if (ranked.isEmpty()) return new double[] {1, 0, 0, 0, 0, 0, 0, coverage, 0, Math.log1p(terms)};
    Candidate first = ranked.get(0);
    double second = ranked.size() > 1 ? ranked.get(1).score() : 0;
    Candidate lexicalBest = first;
    Candidate denseBest = first;
    for (Candidate c : ranked) {
      if (c.words() + c.grams() > lexicalBest.words() + lexicalBest.grams()) lexicalBest = c;
      if (c.cosine() > denseBest.cosine()) denseBest = c;
    }
    double agree = lexicalBest.articleId().equals(denseBest.articleId()) ? 1 : 0;
    return new double[] {
      1, first.score(), first.score() - second, first.words(), first.grams(), first.cosine(), agree, coverage, matched,
      Math.log1p(terms)
    };
  }

  static double probability(double[] theta, double[] x) {
    double z = 0;
    for (int i = 0; i < x.length; i++) z += theta[i] * x[i];
    return 1 / (1 + Math.exp(-z));
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("weights", array(weights))
        .put("correct", array(correct))
        .put("inScope", array(inScope))
        .put("answerAt", answerAt)
        .put("clarifyAt", clarifyAt)
        .put("report", report);
  }

  static LanguagePolicy fromJson(JsonObject json) {
    return new LanguagePolicy(
        doubles(json.getJsonArray("weights")), doubles(json.getJsonArray("correct")),
        doubles(json.getJsonArray("inScope")), json.getDouble("answerAt"), json.getDouble("clarifyAt"),
        json.getJsonObject("report", new JsonObject()));
  }

  private static JsonArray array(double[] values) {
    JsonArray a = new JsonArray();
    for (double v : values) a.add(v);
    return a;
  }

  private static double[] doubles(JsonArray a) {
    double[] v = new double[a.size()];
    for (int i = 0; i < v.length; i++) v[i] = a.getDouble(i);
    return v;
  }
}
