package org.swiftline.gateway.language;

import java.io.IOException;
import java.io.InputStream;
import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import opennlp.tools.langdetect.Language;
import opennlp.tools.langdetect.LanguageDetectorME;
import opennlp.tools.langdetect.LanguageDetectorModel;

/**
 * Detects the language of chat-length messages among the languages a deployment supports.
 *
 * <p>Evidence, strongest first: the writing system (Hangul is Korean, kana is Japanese, Han without kana
 * is Chinese where Chinese is supported); OpenNLP's character n-gram model; the words of the knowledge
 * base in each language (a naive Bayes vote that helps messages of one or two words); the
 * conversation's earlier language; the client's hint. The last two count for more the shorter the text.
 * Thread-safe; blocking (call from a worker thread).
 */
public final class LanguageDetector {
  private static final String MODEL_RESOURCE = "/langdetect-183.bin";
  private static final Map<String, String> MACRO = Map.ofEntries(
      Map.entry("cmn", "zh"), Map.entry("zho", "zh"), Map.entry("wuu", "zh"), Map.entry("pes", "fa"),
      Map.entry("prs", "fa"), Map.entry("zsm", "ms"), Map.entry("nob", "no"), Map.entry("nno", "no"),
      Map.entry("ekk", "et"), Map.entry("lvs", "lv"), Map.entry("swh", "sw"), Map.entry("uzn", "uz"),
      Map.entry("azj", "az"), Map.entry("khk", "mn"), Map.entry("ory", "or"), Map.entry("npi", "ne"),
      Map.entry("ydd", "yi"), Map.entry("plt", "mg"), Map.entry("arb", "ar"), Map.entry("gug", "gn"));

  private final LanguageDetectorModel model;
  private final Map<String, String> iso3ToTag;
  private final Set<String> supported;
  private final Map<String, Map<String, Integer>> vocabulary;
  private final Map<String, Integer> vocabularyTotals = new HashMap<>();
  private final int vocabularySize;

  /**
   * @param supported the languages the deployment supports (primary tags)
   * @param vocabulary words of the knowledge base per language, e.g. from {@link #vocabularyOf}; may be empty
   */
  public LanguageDetector(LanguageDetectorModel model, Set<String> supported, Map<String, Map<String, Integer>> vocabulary) {
    if (supported.isEmpty()) throw new IllegalArgumentException("at least one supported language is required");
    this.model = model;
    this.supported = Set.copyOf(supported);
    this.vocabulary = Map.copyOf(vocabulary);
    this.iso3ToTag = iso3Map();
    Set<String> all = new java.util.HashSet<>();
    vocabulary.forEach((lang, words) -> {
      vocabularyTotals.put(lang, words.values().stream().mapToInt(Integer::intValue).sum());
      all.addAll(words.keySet());
    });
    this.vocabularySize = Math.max(1, all.size());
  }

  /** Loads OpenNLP's language-detection model from the classpath (10 MB; load it once). */
  public static LanguageDetectorModel loadModel() {
    try (InputStream in = LanguageDetector.class.getResourceAsStream(MODEL_RESOURCE)) {
      if (in == null) throw new IllegalStateException("OpenNLP model " + MODEL_RESOURCE + " is not on the classpath");
      return new LanguageDetectorModel(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read OpenNLP model " + MODEL_RESOURCE, e);
    }
  }

  public Set<String> supported() {
    return supported;
  }

  /**
   * Detects the language of {@code text}.
   *
   * @param hint a supported primary tag the client suggests, or {@code null}
   * @param previous the conversation's language so far, or {@code null}
   * @param fallback the language to use when the text gives no evidence and there is no hint or history
   */
  public Detection detect(String text, String hint, String previous, String fallback) {
    String usableHint = hint != null && supported.contains(hint) ? hint : null;
    String usablePrevious = previous != null && supported.contains(previous) ? previous : null;
    UnicodeScript script = Scripts.dominant(text);
    String quiet = usablePrevious != null ? usablePrevious : usableHint != null ? usableHint : fallback;
    String quietReason = usablePrevious != null ? "conversation" : usableHint != null ? "hint" : "default";
    if (script == null) return new Detection(quiet, 0.5, quietReason);

    List<String> words = words(text);
    int length = words.size();
    // One or two words in another script ("ok", "visa" in a Russian conversation) are loanwords, not a
    // change of language.
    if (usablePrevious != null && script == UnicodeScript.LATIN && length <= 2 && !Scripts.writes(usablePrevious, script)) {
      return new Detection(usablePrevious, 0.6, "conversation");
    }
    List<String> candidates = new ArrayList<>();
    for (String lang : new TreeSet<>(supported)) if (Scripts.writes(lang, script)) candidates.add(lang);
    if (script == UnicodeScript.HAN && candidates.contains("zh")) candidates.removeIf(l -> !l.equals("zh"));
    if (candidates.isEmpty()) return new Detection(quiet, 0.3, quietReason);
    if (candidates.size() == 1) return new Detection(candidates.get(0), 0.99, "script");

    Map<String, Double> score = new HashMap<>();
    double[] nlp = openNlp(text, candidates);
    boolean vocabularyForAll = candidates.stream().allMatch(vocabulary::containsKey);
    double[] vocab = new double[candidates.size()];
    // Words no candidate's knowledge base uses say nothing about the language, and with smoothing they
    // would favour the languages with the fewest words: leave them out.
    List<String> known = words.stream()
        .filter(w -> candidates.stream().anyMatch(c -> vocabulary.containsKey(c) && vocabulary.get(c).containsKey(w)))
        .toList();
    if (vocabularyForAll && !known.isEmpty()) {
      double mean = 0;
      for (int i = 0; i < candidates.size(); i++) {
        vocab[i] = vocabularyLogLikelihood(candidates.get(i), known);
        mean += vocab[i];
      }
      mean /= candidates.size();
      for (int i = 0; i < candidates.size(); i++) vocab[i] -= mean;
    }
    // Short messages carry little evidence: lean on the conversation and the hint.
    double priorWeight = length <= 1 ? 2.5 : length <= 3 ? 1.5 : length <= 6 ? 0.8 : 0.4;
    for (int i = 0; i < candidates.size(); i++) {
      String lang = candidates.get(i);
      double s = Math.log(nlp[i] + 1e-4) + 0.8 * vocab[i];
      if (lang.equals(usablePrevious)) s += priorWeight;
      if (lang.equals(usableHint)) s += priorWeight * (length <= 2 ? 1.0 : 0.7);
      // With no history and no hint, a short message leans a little towards the deployment's default.
      if (usablePrevious == null && usableHint == null && lang.equals(fallback)) s += priorWeight * 0.4;
      score.put(lang, s);
    }
    String best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    double total = 0;
    for (var e : score.entrySet()) {
      if (e.getValue() > bestScore) {
        best = e.getKey();
        bestScore = e.getValue();
      }
    }
    for (double s : score.values()) total += Math.exp(s - bestScore);
    double confidence = 1 / total;
    String reason = (best.equals(usablePrevious) || best.equals(usableHint)) && confidence < 0.6
        ? (best.equals(usablePrevious) ? "conversation" : "hint")
        : "text";
    return new Detection(best, confidence, reason);
  }

  private double[] openNlp(String text, List<String> candidates) {
    Language[] predicted = new LanguageDetectorME(model).predictLanguages(text);
    double[] p = new double[candidates.size()];
    double sum = 0;
    for (Language language : predicted) {
      String tag = iso3ToTag.get(language.getLang());
      int index = tag == null ? -1 : candidates.indexOf(tag);
      if (index >= 0) {
        p[index] += language.getConfidence();
        sum += language.getConfidence();
      }
    }
    for (int i = 0; i < p.length; i++) p[i] = sum > 0 ? p[i] / sum : 1.0 / p.length;
    return p;
  }

  private double vocabularyLogLikelihood(String lang, List<String> words) {
    Map<String, Integer> counts = vocabulary.get(lang);
    double total = vocabularyTotals.getOrDefault(lang, 0);
    double s = 0;
    for (String w : words) {
      s += Math.log((counts.getOrDefault(w, 0) + 0.1) / (total + 0.1 * vocabularySize));
    }
    return s / Math.sqrt(words.size());
  }

  /** Lowercase, accent-free words of a text, as the vocabulary stores them. */
  public static List<String> words(String text) {
    String folded = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
        .replaceAll("\\p{M}+", "");
    List<String> words = new ArrayList<>();
    for (String w : folded.split("[^\\p{L}\\p{Nd}]+")) if (!w.isEmpty()) words.add(w);
    return words;
  }

  /** Counts the words of texts per language, for the vocabulary vote. */
  public static Map<String, Map<String, Integer>> vocabularyOf(Map<String, List<String>> textsByLanguage) {
    Map<String, Map<String, Integer>> result = new HashMap<>();
    textsByLanguage.forEach((lang, texts) -> {
      Map<String, Integer> counts = new HashMap<>();
      for (String t : texts) for (String w : words(t)) counts.merge(w, 1, Integer::sum);
      result.put(lang, counts);
    });
    return result;
  }

  private static Map<String, String> iso3Map() {
    Map<String, String> map = new HashMap<>(MACRO);
    for (String tag : Locale.getISOLanguages()) {
      try {
        map.putIfAbsent(Locale.forLanguageTag(tag).getISO3Language(), tag);
      } catch (java.util.MissingResourceException ignored) {
        // a tag without an ISO 639-2 code cannot appear in the model's output
      }
    }
    return map;
  }
}
