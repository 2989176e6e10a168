package org.swiftline.gateway.retrieval;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Calibrates the decision layer on the knowledge base itself, so that it holds for any knowledge base
 * (any size, any languages) without hand-tuning:
 *
 * <ol>
 *   <li>Every sample question becomes a held-out query twice: once against the index without that
 *       question (its article should win: an in-scope query) and once against the index without its
 *       whole article (nothing should win: a hard out-of-scope query). What is held out also stops making
 *       its words known: Latin-script words of a question in another script that only it (or only its
 *       article) uses are searched in the Latin-script partner language, as a live query's would be (see
 *       {@link HybridRetriever.Borrowed}).
 *   <li>Per language, the fusion weights of words, n-grams and embeddings are chosen from a small grid
 *       for the best top-1 accuracy on the in-scope queries, preferring fewer components on ties.
 *   <li>The queries are split in two halves by a fixed hash. Two logistic models are fitted on the first
 *       half (by Newton's method, with a little L2): P(the best candidate is right) and P(the query is in
 *       scope), over the features of {@link LanguagePolicy#features}: the best candidates' scores, the
 *       query's coverage by the knowledge base, the share of its words the best candidate contains (the
 *       held-out question's own words not counting for its article) and the query's length.
 *   <li>On the second half, the answer threshold is the lowest probability at which the precision of
 *       answers (wrong answers include answers to the out-of-scope queries, weighed by the expected
 *       out-of-scope share of traffic) reaches the target; the clarify threshold lets at most
 *       {@code 1 - rejectTarget} of out-of-scope queries through.
 * </ol>
 *
 * Languages with too few questions share a model fitted on all languages. Blocking; run on a worker.
 */
public final class Calibrator {
  /** Which retrieval components may be used: {@code hybrid} (default), {@code lexical} or {@code dense}. */
  public static final java.util.List<String> COMPONENTS = java.util.List.of("hybrid", "lexical", "dense");
  private static final int MIN_OWN_MODEL = 160;

  private final double precisionTarget;
  private final double rejectTarget;
  private final int maxQueriesPerLanguage;

  private final double[][] grid;

  private final double outOfScopeShare;

  public Calibrator(double precisionTarget, double rejectTarget, int maxQueriesPerLanguage) {
    this(precisionTarget, rejectTarget, maxQueriesPerLanguage, "hybrid", 0.5);
  }

  /**
   * @param outOfScopeShare the share of messages expected to be out of scope, which weighs the held-out
   *     out-of-scope questions when the answer threshold is set for precision
   */
  public Calibrator(
      double precisionTarget, double rejectTarget, int maxQueriesPerLanguage, String components, double outOfScopeShare) {
    if (outOfScopeShare <= 0 || outOfScopeShare >= 1) throw new IllegalArgumentException("outOfScopeShare must be in (0, 1)");
    this.outOfScopeShare = outOfScopeShare;
    if (!COMPONENTS.contains(components)) throw new IllegalArgumentException("unknown retrieval components " + components);
    this.grid = grid(components);
    if (precisionTarget <= 0.5 || precisionTarget >= 1) throw new IllegalArgumentException("precisionTarget must be in (0.5, 1)");
    if (rejectTarget <= 0 || rejectTarget >= 1) throw new IllegalArgumentException("rejectTarget must be in (0, 1)");
    this.precisionTarget = precisionTarget;
    this.rejectTarget = rejectTarget;
    this.maxQueriesPerLanguage = maxQueriesPerLanguage;
  }

  /** One held-out query: the evidence per article with its own question left out, and with its article left out. */
  private record Sample(
      String language, String articleId, Map<String, double[]> inScope, Map<String, double[]> outOfScope,
      double inCoverage, double outCoverage, HybridRetriever.Evidence inEvidence, HybridRetriever.Evidence outEvidence,
      boolean fit) {}

  /** One ranked query with its labels. */
  private record Row(double[] x, boolean right, boolean inScope) {}

  public DecisionPolicy calibrate(HybridRetriever retriever) {
    Map<String, List<Sample>> samples = new HashMap<>();
    for (String language : retriever.languages()) samples.put(language, samples(retriever, language));

    Map<String, double[]> weights = new HashMap<>();
    List<Sample> all = new ArrayList<>();
    samples.values().forEach(all::addAll);
    double[] pooledWeights = bestWeights(all, retriever);
    for (var e : samples.entrySet()) {
      weights.put(e.getKey(), e.getValue().size() >= 40 ? bestWeights(e.getValue(), retriever) : pooledWeights);
    }

    Map<String, List<Row>> rows = new HashMap<>();
    for (var e : samples.entrySet()) {
      List<Row> list = new ArrayList<>();
      for (Sample s : e.getValue()) list.addAll(rows(s, weights.get(e.getKey()), retriever));
      rows.put(e.getKey(), list);
    }
    List<Row> pooledFit = new ArrayList<>();
    List<Row> pooledTune = new ArrayList<>();
    for (var e : samples.entrySet()) split(e.getValue(), rows.get(e.getKey()), pooledFit, pooledTune);
    LanguagePolicy pooled = policy(pooledWeights, pooledFit, pooledTune, null, all.size());

    Map<String, LanguagePolicy> byLanguage = new HashMap<>();
    for (var e : samples.entrySet()) {
      List<Row> fit = new ArrayList<>();
      List<Row> tune = new ArrayList<>();
      split(e.getValue(), rows.get(e.getKey()), fit, tune);
      boolean own = e.getValue().size() >= MIN_OWN_MODEL;
      byLanguage.put(e.getKey(), policy(weights.get(e.getKey()), own ? fit : pooledFit, tune, own ? null : pooled,
          e.getValue().size()));
    }
    return new DecisionPolicy(byLanguage, pooled);
  }

  private List<Sample> samples(HybridRetriever retriever, String language) {
    List<IndexedText> questions = new ArrayList<>();
    for (IndexedText t : retriever.texts) {
      if (t.language().equals(language) && t.kind() == IndexedText.Kind.QUESTION) questions.add(t);
    }
    Collections.shuffle(questions, new Random(42));
    if (questions.size() > maxQueriesPerLanguage) questions = questions.subList(0, maxQueriesPerLanguage);
    EmbeddingIndex dense = retriever.dense(language);
    Map<Integer, Integer> rowOfOrd = new HashMap<>();
    if (dense != null) for (int r = 0; r < dense.ords.length; r++) rowOfOrd.put(dense.ords[r], r);
    List<Sample> result = new ArrayList<>();
    for (IndexedText q : questions) {
      float[] cosines = dense == null ? null : dense.cosines(dense.row(rowOfOrd.get(q.ord())));
      HybridRetriever.Evidence evidence = retriever.evidence(q.text(), language, cosines);
      // Latin-script words only the held-out question (or article) uses are searched in the Latin partner language
      HybridRetriever.Evidence inEvidence = evidence.with(
          retriever.borrowed(q.text(), language, evidence.terms(), evidence.terms(), null));
      HybridRetriever.Evidence outEvidence = evidence.with(
          retriever.borrowed(q.text(), language, evidence.terms(), List.of(), q.articleId()));
      Map<String, double[]> in = retriever.aggregate(inEvidence, ord -> ord == q.ord());
      Map<String, double[]> out = retriever.aggregate(outEvidence, ord -> retriever.texts.get(ord).articleId().equals(q.articleId()));
      double inCoverage = retriever.coverage(inEvidence, evidence.terms(), null);
      double outCoverage = retriever.coverage(outEvidence, List.of(), q.articleId());
      result.add(new Sample(language, q.articleId(), in, out, inCoverage, outCoverage, inEvidence, outEvidence,
          (q.text().hashCode() & 1) == 0));
    }
    return result;
  }

  private double[] bestWeights(List<Sample> samples, HybridRetriever retriever) {
    double[] best = grid[0];
    double bestAccuracy = -1;
    for (double[] w : grid) {
      int right = 0;
      for (Sample s : samples) {
        List<Candidate> ranked = HybridRetriever.rank(s.inScope(), w, 1);
        if (!ranked.isEmpty() && ranked.get(0).articleId().equals(s.articleId())) right++;
      }
      double accuracy = samples.isEmpty() ? 0 : right / (double) samples.size();
      if (accuracy > bestAccuracy + 1e-9) {
        best = w;
        bestAccuracy = accuracy;
      }
    }
    return best;
  }

  private static List<Row> rows(Sample s, double[] weights, HybridRetriever retriever) {
    List<Candidate> in = HybridRetriever.rank(s.inScope(), weights, 10);
    List<Candidate> out = HybridRetriever.rank(s.outOfScope(), weights, 10);
    boolean right = !in.isEmpty() && in.get(0).articleId().equals(s.articleId());
    // the held-out question's own words do not count for its article
    double inMatched = in.isEmpty() ? 0
        : retriever.matched(s.inEvidence(), in.get(0).articleId(), right ? s.inEvidence().terms() : List.of());
    double outMatched = out.isEmpty() ? 0 : retriever.matched(s.outEvidence(), out.get(0).articleId(), List.of());
    return List.of(
        new Row(LanguagePolicy.features(in, s.inCoverage(), inMatched, s.inEvidence().terms().size()), right, true),
        new Row(LanguagePolicy.features(out, s.outCoverage(), outMatched, s.outEvidence().terms().size()), false, false));
  }

  private static void split(List<Sample> samples, List<Row> rows, List<Row> fit, List<Row> tune) {
    for (int i = 0; i < samples.size(); i++) {
      List<Row> target = samples.get(i).fit() ? fit : tune;
      target.add(rows.get(2 * i));
      target.add(rows.get(2 * i + 1));
    }
  }

  private LanguagePolicy policy(double[] weights, List<Row> fit, List<Row> tune, LanguagePolicy shared, int queries) {
    double[] correct = shared != null ? shared.correct() : logistic(fit, true);
    double[] inScope = shared != null ? shared.inScope() : logistic(fit, false);
    List<Row> thresholdRows = tune.size() >= 60 || shared == null ? tune : List.of();
    double answerAt = thresholdRows.isEmpty() ? shared.answerAt() : answerThreshold(correct, thresholdRows);
    double clarifyAt = thresholdRows.isEmpty() ? shared.clarifyAt() : clarifyThreshold(inScope, thresholdRows);
    JsonObject report = report(weights, correct, inScope, answerAt, clarifyAt, tune.isEmpty() ? fit : tune, queries);
    return new LanguagePolicy(weights, correct, inScope, answerAt, clarifyAt, report);
  }

  /**
   * The lowest probability at which answers reach the precision target. Held-out out-of-scope rows count
   * with the weight that gives them the expected out-of-scope share of traffic (there are as many of them
   * as in-scope rows).
   */
  private double answerThreshold(double[] theta, List<Row> rows) {
    double outWeight = outOfScopeShare / (1 - outOfScopeShare);
    List<double[]> scored = new ArrayList<>();
    for (Row r : rows) {
      scored.add(new double[] {LanguagePolicy.probability(theta, r.x()), r.right() ? 1 : 0, r.inScope() ? 1 : outWeight});
    }
    scored.sort(Comparator.comparingDouble((double[] a) -> a[0]).reversed());
    double threshold = Double.POSITIVE_INFINITY;
    double right = 0;
    double all = 0;
    for (int i = 0; i < scored.size(); i++) {
      right += scored.get(i)[1] * scored.get(i)[2];
      all += scored.get(i)[2];
      boolean boundary = i + 1 == scored.size() || scored.get(i + 1)[0] < scored.get(i)[0];
      if (boundary && right / all >= precisionTarget) threshold = scored.get(i)[0];
    }
    return threshold;
  }

  private double clarifyThreshold(double[] theta, List<Row> rows) {
    List<Double> outside = new ArrayList<>();
    for (Row r : rows) if (!r.inScope()) outside.add(LanguagePolicy.probability(theta, r.x()));
    if (outside.isEmpty()) return 0.5;
    Collections.sort(outside);
    int index = (int) Math.ceil(rejectTarget * outside.size());
    return index >= outside.size() ? outside.get(outside.size() - 1) + 1e-9 : outside.get(index);
  }

  private JsonObject report(double[] w, double[] correct, double[] inScope, double answerAt, double clarifyAt, List<Row> rows, int queries) {
    int in = 0, answered = 0, answeredRight = 0, clarified = 0, out = 0, outRejected = 0, top1 = 0, offeredRight = 0;
    for (Row r : rows) {
      double pc = LanguagePolicy.probability(correct, r.x());
      double pi = LanguagePolicy.probability(inScope, r.x());
      boolean answer = pc >= answerAt;
      boolean clarify = !answer && pi >= clarifyAt;
      if (r.inScope()) {
        in++;
        if (r.right()) top1++;
        if (answer) answered++;
        if (answer && r.right()) answeredRight++;
        if (clarify) clarified++;
        if ((answer || clarify) && r.right()) offeredRight++;
      } else {
        out++;
        if (answer) answered++;
        if (!answer && !clarify) outRejected++;
      }
    }
    return new JsonObject()
        .put("queries", queries)
        .put("weights", new io.vertx.core.json.JsonArray().add(w[0]).add(w[1]).add(w[2]))
        .put("heldOutTop1", ratio(top1, in))
        .put("heldOutAnswerRate", ratio(answered, in + out))
        .put("heldOutPrecision", ratio(answeredRight, answered))
        .put("heldOutClarifyRate", ratio(clarified, in))
        .put("heldOutOfferedRight", ratio(offeredRight, in))
        .put("heldOutRejection", ratio(outRejected, out));
  }

  private static double ratio(int a, int b) {
    return b == 0 ? 0 : Math.round(1000.0 * a / b) / 1000.0;
  }

  /**
   * Logistic regression with a little L2, on {@code right} or {@code inScope} labels, fitted by Newton's
   * method (the features are few, so each step solves their small linear system exactly).
   */
  private static double[] logistic(List<Row> rows, boolean rightLabel) {
    int n = rows.isEmpty() ? 10 : rows.get(0).x().length;
    double[] theta = new double[n];
    if (rows.isEmpty()) return theta;
    for (int iter = 0; iter < 25; iter++) {
      double[] grad = new double[n];
      double[][] hessian = new double[n][n];
      for (Row r : rows) {
        double y = (rightLabel ? r.right() : r.inScope()) ? 1 : 0;
        double p = LanguagePolicy.probability(theta, r.x());
        double w = Math.max(p * (1 - p), 1e-9);
        for (int i = 0; i < n; i++) {
          grad[i] += (p - y) * r.x()[i];
          for (int j = 0; j < n; j++) hessian[i][j] += w * r.x()[i] * r.x()[j];
        }
      }
      for (int i = 0; i < n; i++) {
        grad[i] /= rows.size();
        for (int j = 0; j < n; j++) hessian[i][j] /= rows.size();
        if (i > 0) {
          grad[i] += L2 * theta[i];
          hessian[i][i] += L2;
        }
        hessian[i][i] += 1e-9;
      }
      double[] step = solve(hessian, grad);
      double largest = 0;
      for (int i = 0; i < n; i++) {
        theta[i] -= step[i];
        largest = Math.max(largest, Math.abs(step[i]));
      }
      if (largest < 1e-6) break;
    }
    return theta;
  }

  /** How strongly the logistic models' coefficients are pulled towards 0 (not the intercept's). */
  private static final double L2 = 1e-3;

  /** Solves {@code a·x = b} by Gaussian elimination with partial pivoting ({@code a} is small and positive definite). */
  private static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = java.util.Arrays.copyOf(a[i], n + 1);
      m[i][n] = b[i];
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
      double[] t = m[c];
      m[c] = m[pivot];
      m[pivot] = t;
      for (int r = c + 1; r < n; r++) {
        double f = m[r][c] / m[c][c];
        for (int k = c; k <= n; k++) m[r][k] -= f * m[c][k];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double sum = m[r][n];
      for (int k = r + 1; k < n; k++) sum -= m[r][k] * x[k];
      x[r] = sum / m[r][r];
    }
    return x;
  }


  private static double[][] grid(String components) {
    List<double[]> grid = new ArrayList<>();
    double[] lexical = components.equals("dense") ? new double[] {0} : new double[] {0, 0.5, 1};
    double[] dense = components.equals("lexical") ? new double[] {0} : new double[] {0, 0.5, 1, 2};
    if (components.equals("dense")) return new double[][] {{0, 0, 1}};
    for (double c : dense) for (double a : lexical) for (double b : lexical) if (a + b + c > 0) grid.add(new double[] {a, b, c});
    return grid.toArray(new double[0][]);
  }
}
