package org.swiftline.gateway.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * How alike short texts are (appeals, unanswered questions): TF-IDF weighted bags of the words that each
 * language's analysis makes of them ({@link LanguageAnalysis}: stemmed, stop words dropped, Chinese
 * segmented, Japanese and Korean in bigrams), compared by cosine, with the IDF taken from the texts being
 * compared. Texts in different languages share few words and so are rarely alike. Thread-safe; CPU work,
 * for worker threads.
 */
public final class TextSimilarity {
  private final Map<String, Analyzer> analyzers = new ConcurrentHashMap<>();

  /** A text as weighted words, normalised to length 1 (empty when it has no words). */
  public record Vector(Map<String, Double> weights) {
    public double cosine(Vector other) {
      Map<String, Double> small = weights.size() <= other.weights.size() ? weights : other.weights;
      Map<String, Double> large = small == weights ? other.weights : weights;
      double dot = 0;
      for (Map.Entry<String, Double> e : small.entrySet()) {
        Double w = large.get(e.getKey());
        if (w != null) dot += e.getValue() * w;
      }
      return dot;
    }
  }

  /** The words of {@code text} as {@code language}'s analysis makes them, in order, repeats kept. */
  public List<String> words(String text, String language) {
    String lang = language == null ? "und" : language.toLowerCase(Locale.ROOT);
    Analyzer analyzer = analyzers.computeIfAbsent(lang, LanguageAnalysis::words);
    List<String> words = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) words.add(term.toString());
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return words;
  }

  /** The vectors of {@code texts} (each with its language), with IDF from these texts: one per text, in order. */
  public List<Vector> vectors(List<String> texts, List<String> languages) {
    List<Map<String, Integer>> counts = new ArrayList<>(texts.size());
    Map<String, Integer> documentFrequency = new HashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      Map<String, Integer> tf = new HashMap<>();
      for (String w : words(texts.get(i), languages.get(i))) tf.merge(w, 1, Integer::sum);
      tf.keySet().forEach(w -> documentFrequency.merge(w, 1, Integer::sum));
      counts.add(tf);
    }
    int n = texts.size();
    List<Vector> vectors = new ArrayList<>(n);
    for (Map<String, Integer> tf : counts) {
      Map<String, Double> weights = new HashMap<>();
      double norm = 0;
      for (Map.Entry<String, Integer> e : tf.entrySet()) {
        double idf = Math.log((n + 1.0) / (documentFrequency.get(e.getKey()) + 1.0)) + 1.0;
        double w = (1 + Math.log(e.getValue())) * idf;
        weights.put(e.getKey(), w);
        norm += w * w;
      }
      double length = Math.sqrt(norm);
      if (length > 0) weights.replaceAll((k, w) -> w / length);
      vectors.add(new Vector(weights));
    }
    return vectors;
  }

  /**
   * Groups texts greedily: each text, in order, joins the group whose centroid it is most alike, if at least
   * {@code threshold}, else starts a new group. Texts without words group only with the same text.
   *
   * @return the groups as indexes into {@code texts}, each in input order, the largest group first
   */
  public List<List<Integer>> group(List<String> texts, List<String> languages, double threshold) {
    List<Vector> vectors = vectors(texts, languages);
    List<List<Integer>> groups = new ArrayList<>();
    List<Map<String, Double>> sums = new ArrayList<>();
    List<Vector> centroids = new ArrayList<>();
    Map<String, Integer> wordless = new HashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      Vector v = vectors.get(i);
      if (v.weights().isEmpty()) {
        String key = texts.get(i).strip().toLowerCase(Locale.ROOT);
        Integer g = wordless.get(key);
        if (g == null) {
          wordless.put(key, groups.size());
          groups.add(new ArrayList<>(List.of(i)));
          sums.add(new HashMap<>());
          centroids.add(v);
        } else {
          groups.get(g).add(i);
        }
        continue;
      }
      int best = -1;
      double bestScore = threshold;
      for (int g = 0; g < groups.size(); g++) {
        if (sums.get(g).isEmpty()) continue;
        double score = v.cosine(centroids.get(g));
        if (score >= bestScore) {
          bestScore = score;
          best = g;
        }
      }
      if (best < 0) {
        groups.add(new ArrayList<>(List.of(i)));
        sums.add(new HashMap<>(v.weights()));
        centroids.add(v);
      } else {
        groups.get(best).add(i);
        Map<String, Double> sum = sums.get(best);
        v.weights().forEach((w, x) -> sum.merge(w, x, Double::sum));
        centroids.set(best, new Vector(normalised(sum)));
      }
    }
    List<List<Integer>> sorted = new ArrayList<>(groups);
    sorted.sort((a, b) -> b.size() != a.size() ? b.size() - a.size() : a.get(0) - b.get(0));
    return sorted;
  }

  private static Map<String, Double> normalised(Map<String, Double> sum) {
    double norm = 0;
    for (double w : sum.values()) norm += w * w;
    double length = Math.sqrt(norm);
    Map<String, Double> result = new HashMap<>(sum.size());
    sum.forEach((k, w) -> result.put(k, w / length));
    return result;
  }
}
