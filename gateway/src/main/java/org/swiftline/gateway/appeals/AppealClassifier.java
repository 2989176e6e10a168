package org.swiftline.gateway.appeals;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import opennlp.tools.doccat.BagOfWordsFeatureGenerator;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.swiftline.gateway.knowledge.Article;
import org.swiftline.gateway.knowledge.ArticleText;
import org.swiftline.gateway.knowledge.Category;
import org.swiftline.gateway.knowledge.KnowledgeBase;

/**
 * Puts an appeal into a category: OpenNLP's maximum-entropy document categorizer, trained on the example
 * appeals of {@code categories.yaml} and on the titles and sample questions of the knowledge-base articles
 * that name a category (English words stemmed, Chinese as characters and character pairs, other languages
 * as words), then pulled towards the category of the article the answer engine would answer with, by the
 * engine's calibrated confidence in that article. When the resulting confidence is below a threshold the
 * appeal goes to triage.
 *
 * <p>Measured by five-fold cross-validation on the 350 sample examples (each held out once, the articles
 * always in training): the categorizer alone puts about 72 to 75% in the right category, with the
 * engine's pull about 77%, and at a threshold of 0.5 it routes 74% of them instead of 64%, at 92%
 * precision. Without the articles, eight examples per category give 27%. {@code AppealClassifierTest}
 * checks held-out examples.
 *
 * <p>The threshold is set on the examples themselves by that cross-validation: the lowest confidence at
 * which held-out examples are in the right category at least {@link #PRECISION_TARGET} of the time. The
 * trained model and the threshold are cached under the data folder, keyed by the knowledge base's content.
 * Immutable and thread-safe; training and classifying are CPU work for worker threads.
 */
public final class AppealClassifier {
  /** Share of automatically routed appeals that should be in the right category. */
  public static final double PRECISION_TARGET = 0.9;
  static final double MIN_THRESHOLD = 0.2;
  static final double MAX_THRESHOLD = 0.8;
  /** How far a confident answer-engine match pulls towards its article's category. */
  static final double RETRIEVAL_WEIGHT = 0.5;
  static final int FOLDS = 5;
  /** Bump when features or training change, so that cached models are retrained. */
  static final String VERSION = "1";

  /** The category the answer engine's best article belongs to, and the engine's confidence in that article. */
  public record Vote(String category, double confidence) {}

  /**
   * A classification.
   *
   * @param category the most likely category, or {@code null} when there are no categories
   * @param confidence its probability, 0 to 1
   * @param confident whether it reaches the threshold, so that the appeal can be routed without a person
   */
  public record Result(String category, double confidence, boolean confident) {}

  private final DocumentCategorizerME categorizer;
  private final List<String> categories;
  private final double threshold;
  private final double heldOutAccuracy;

  private AppealClassifier(DocumentCategorizerME categorizer, List<String> categories, double threshold, double heldOutAccuracy) {
    this.categorizer = categorizer;
    this.categories = categories;
    this.threshold = threshold;
    this.heldOutAccuracy = heldOutAccuracy;
  }

  /** Trains without a cache. */
  public static AppealClassifier train(KnowledgeBase kb) {
    return train(kb, null);
  }

  /**
   * Trains on the categories' examples and the articles, and sets the threshold by cross-validation, or
   * reads both from {@code cacheDirectory} (may be {@code null}) when this knowledge base was seen before.
   * A knowledge base without categories or examples gives a classifier that sends everything to triage.
   */
  public static AppealClassifier train(KnowledgeBase kb, Path cacheDirectory) {
    List<DocumentSample> examples = new ArrayList<>();
    for (Category c : kb.categories().values()) {
      for (String example : c.examples()) examples.add(new DocumentSample(c.id(), tokens(example)));
    }
    if (examples.isEmpty() || kb.categories().size() < 2) return new AppealClassifier(null, List.of(), 1.1, 0);
    List<DocumentSample> articles = new ArrayList<>();
    for (Article a : kb.list()) {
      if (a.category() == null || !kb.categories().containsKey(a.category())) continue;
      for (ArticleText t : a.texts().values()) {
        articles.add(new DocumentSample(a.category(), tokens(t.title())));
        for (String q : t.questions()) articles.add(new DocumentSample(a.category(), tokens(q)));
      }
    }
    List<String> names = List.copyOf(kb.categories().keySet());
    String key = Integer.toHexString((kb.fingerprint() + "|" + VERSION).hashCode());
    Path modelFile = cacheDirectory == null ? null : cacheDirectory.resolve("appeal-classifier-" + key + ".bin");
    Path statsFile = cacheDirectory == null ? null : cacheDirectory.resolve("appeal-classifier-" + key + ".json");
    if (modelFile != null && Files.exists(modelFile) && Files.exists(statsFile)) {
      try (InputStream in = Files.newInputStream(modelFile)) {
        JsonObject stats = new JsonObject(Files.readString(statsFile, StandardCharsets.UTF_8));
        return new AppealClassifier(new DocumentCategorizerME(new DoccatModel(in)), names,
            stats.getDouble("threshold"), stats.getDouble("heldOutAccuracy"));
      } catch (IOException | RuntimeException corrupt) {
        // retrain below
      }
    }
    List<double[]> heldOut = crossValidate(examples, articles, FOLDS);
    double threshold = threshold(heldOut);
    double accuracy = heldOut.stream().filter(p -> p[1] == 1).count() / (double) heldOut.size();
    List<DocumentSample> all = new ArrayList<>(articles);
    all.addAll(examples);
    DoccatModel model = fit(all);
    if (modelFile != null) {
      try {
        Files.createDirectories(cacheDirectory);
        Path tmp = modelFile.resolveSibling(modelFile.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
          model.serialize(out);
        }
        Files.move(tmp, modelFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(tmp, new JsonObject().put("threshold", threshold).put("heldOutAccuracy", accuracy).encode(),
            StandardCharsets.UTF_8);
        Files.move(tmp, statsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // A cache that cannot be written costs start-up time, not correctness.
      }
    }
    return new AppealClassifier(new DocumentCategorizerME(model), names, threshold, accuracy);
  }

  /** The threshold set at training: classifications below it go to triage. */
  public double threshold() {
    return threshold;
  }

  /** Share of examples put in the right category when held out of training (cross-validated). */
  public double heldOutAccuracy() {
    return heldOutAccuracy;
  }

  /** Classifies {@code text} by the examples alone. */
  public Result classify(String text) {
    return classify(text, null);
  }

  /**
   * Classifies {@code text}, with the answer engine's vote when there is one.
   *
   * @param vote the category of the article the engine would answer with and its confidence, or {@code null}
   */
  public Result classify(String text, Vote vote) {
    if (categorizer == null) return new Result(null, 0, false);
    Map<String, Double> p = probabilities(text);
    if (vote != null && vote.category() != null && p.containsKey(vote.category())) {
      double pull = RETRIEVAL_WEIGHT * Math.max(0, Math.min(1, vote.confidence()));
      p.replaceAll((c, v) -> v + pull * ((c.equals(vote.category()) ? 1 : 0) - v));
    }
    Map.Entry<String, Double> best = p.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    return new Result(best.getKey(), best.getValue(), best.getValue() >= threshold);
  }

  /** The probability of each category for {@code text}, by the examples alone. */
  Map<String, Double> probabilities(String text) {
    double[] outcomes;
    synchronized (categorizer) { // DocumentCategorizerME is not thread-safe
      outcomes = categorizer.categorize(tokens(text));
    }
    Map<String, Double> p = new HashMap<>();
    for (String c : categories) p.put(c, 0.0);
    for (int i = 0; i < outcomes.length; i++) p.put(categorizer.getCategory(i), outcomes[i]);
    return p;
  }

  /** The words of a text as the classifier sees them: stemmed English words, Han characters and pairs. */
  static String[] tokens(String text) {
    String t = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    List<String> tokens = new ArrayList<>();
    try (Analyzer analyzer = new EnglishAnalyzer(); TokenStream stream = analyzer.tokenStream("t", t)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) tokens.add(term.toString());
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int previous = -1;
    for (int i = 0; i < t.length(); ) {
      int cp = t.codePointAt(i);
      boolean han = Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
      if (han && previous >= 0) tokens.add(new String(Character.toChars(previous)) + new String(Character.toChars(cp)));
      previous = han ? cp : -1;
      i += Character.charCount(cp);
    }
    if (tokens.isEmpty()) tokens.add("_empty_");
    return tokens.toArray(String[]::new);
  }

  static DoccatModel fit(List<DocumentSample> samples) {
    TrainingParameters params = new TrainingParameters();
    params.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT");
    params.put(TrainingParameters.CUTOFF_PARAM, 0);
    params.put(TrainingParameters.ITERATIONS_PARAM, 100);
    try {
      return DocumentCategorizerME.train("x", ObjectStreamUtils.createObjectStream(samples), params,
          new DoccatFactory(new FeatureGenerator[] {new BagOfWordsFeatureGenerator()}));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Each example held out once (in {@code folds} shuffled folds, the same shuffle every time), the
   * {@code always} samples always in training: for each example, {@code {confidence of the best category,
   * 1 if it is the example's category else 0}}.
   */
  static List<double[]> crossValidate(List<DocumentSample> examples, List<DocumentSample> always, int folds) {
    List<DocumentSample> shuffled = new ArrayList<>(examples);
    Collections.shuffle(shuffled, new Random(12345));
    List<double[]> results = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      List<DocumentSample> train = new ArrayList<>(always);
      List<DocumentSample> test = new ArrayList<>();
      for (int i = 0; i < shuffled.size(); i++) (i % folds == f ? test : train).add(shuffled.get(i));
      DocumentCategorizerME me = new DocumentCategorizerME(fit(train));
      for (DocumentSample s : test) {
        double[] p = me.categorize(s.getText());
        double max = 0;
        for (double v : p) max = Math.max(max, v);
        results.add(new double[] {max, me.getBestCategory(p).equals(s.getCategory()) ? 1 : 0});
      }
    }
    return results;
  }

  /** The lowest confidence above which held-out precision reaches the target, within the bounds. */
  static double threshold(List<double[]> heldOut) {
    List<double[]> byConfidence = new ArrayList<>(heldOut);
    byConfidence.sort(Comparator.comparingDouble((double[] p) -> p[0]).reversed());
    double best = MAX_THRESHOLD;
    int right = 0;
    for (int i = 0; i < byConfidence.size(); i++) {
      right += (int) byConfidence.get(i)[1];
      double precision = right / (double) (i + 1);
      // Accept a cut only once enough examples lie above it for the precision to mean something.
      if (i + 1 >= 10 && precision >= PRECISION_TARGET) best = byConfidence.get(i)[0];
    }
    return Math.max(MIN_THRESHOLD, Math.min(MAX_THRESHOLD, best));
  }

  /** Names of the categories the classifier knows, for reports. */
  public List<String> categories() {
    return categories;
  }

  /** For diagnostics: the most likely categories of a text with their probabilities. */
  public Map<String, Double> top(String text, int n) {
    if (categorizer == null) return Map.of();
    Map<String, Double> result = new LinkedHashMap<>();
    probabilities(text).entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
        .forEach(e -> result.put(e.getKey(), e.getValue()));
    return result;
  }
}
