package org.swiftline.gateway.retrieval;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.swiftline.gateway.knowledge.KnowledgeBase;

/**
 * One knowledge-base snapshot made answerable: its retriever and its calibrated decision policy.
 * Immutable and thread-safe; a reload builds a new engine and swaps it in. Blocking: use worker threads.
 */
public final class AnswerEngine {
  /** Bump when retrieval or calibration changes, so that cached calibrations are recomputed. */
  static final String VERSION = "7";
  /** How many recent decisions are kept (a few hundred bytes each). */
  static final int RECENT_DECISIONS = 4096;

  private final KnowledgeBase knowledgeBase;
  private final HybridRetriever retriever;
  private final DecisionPolicy policy;
  private final String fallbackLanguage;
  /** The snapshot is immutable, so a decision holds until the next reload builds a new engine. */
  private final Recent<List<String>, Decision> recent = new Recent<>(RECENT_DECISIONS);

  private AnswerEngine(KnowledgeBase kb, HybridRetriever retriever, DecisionPolicy policy, String fallbackLanguage) {
    this.knowledgeBase = kb;
    this.retriever = retriever;
    this.policy = policy;
    this.fallbackLanguage = fallbackLanguage;
  }

  /**
   * Indexes and calibrates a knowledge base, reusing a calibration cached under {@code cacheDirectory}
   * for the same content and settings.
   */
  public static AnswerEngine build(
      KnowledgeBase kb, Embedders embedders, Calibrator calibrator, String calibrationKey, Path cacheDirectory,
      String fallbackLanguage) {
    HybridRetriever retriever = HybridRetriever.build(kb, embedders);
    Path cached = cacheDirectory.resolve("calibration-" + Integer.toHexString(
        (kb.fingerprint() + "|" + calibrationKey + "|" + VERSION).hashCode()) + ".json");
    DecisionPolicy policy = null;
    if (Files.exists(cached)) {
      try {
        policy = DecisionPolicy.fromJson(new JsonObject(Files.readString(cached, StandardCharsets.UTF_8)));
      } catch (IOException | RuntimeException corrupt) {
        policy = null; // recompute below
      }
    }
    if (policy == null) {
      policy = calibrator.calibrate(retriever);
      try {
        Files.createDirectories(cacheDirectory);
        Path tmp = cached.resolveSibling(cached.getFileName() + ".tmp");
        Files.writeString(tmp, policy.toJson().encodePrettily(), StandardCharsets.UTF_8);
        Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // A cache that cannot be written costs start-up time, not correctness.
      }
    }
    String fallback = kb.languages().contains(fallbackLanguage) ? fallbackLanguage : kb.languages().iterator().next();
    return new AnswerEngine(kb, retriever, policy, fallback);
  }

  public KnowledgeBase knowledgeBase() {
    return knowledgeBase;
  }

  public DecisionPolicy policy() {
    return policy;
  }

  /** The language whose texts a query in {@code language} is searched in. */
  public String searchLanguage(String language) {
    return retriever.languages().contains(language) ? language : fallbackLanguage;
  }

  /**
   * Decides how to answer {@code text}, written in {@code language}. A long message (see {@link Passages})
   * that the whole text does not answer confidently is also searched passage by passage: every passage
   * the policy finds in scope votes for its candidates, weighted by its confidence and their rank, so that
   * the subject several sentences share beats a word one sentence mentions in passing. The result is an
   * answer only when at least {@link #LONG_AGREEMENT} passages answer the same article and the whole text
   * ranks it first or second; otherwise the best-voted articles are offered as a question back.
   * The last {@link #RECENT_DECISIONS} decisions are remembered: the same text gets the same decision.
   */
  public Decision decide(String text, String language) {
    return recent.get(List.of(language, text), key -> decideNow(text, language));
  }

  private Decision decideNow(String text, String language) {
    String searched = searchLanguage(language);
    HybridRetriever.Evidence evidence = retriever.evidence(text, searched);
    List<Candidate> ranked = rank(evidence, 10);
    Decision whole = decide(evidence, ranked);
    if (whole.kind() == Decision.Kind.ANSWER || !Passages.isLong(text)) return whole;
    Map<String, Double> votes = new java.util.HashMap<>();
    Map<String, Candidate> byArticle = new java.util.HashMap<>();
    Map<String, Integer> answers = new java.util.HashMap<>();
    double confidence = whole.kind() == Decision.Kind.NONE ? 0 : whole.confidence();
    if (whole.kind() != Decision.Kind.NONE) vote(whole, votes, byArticle);
    for (HybridRetriever.Evidence passage : retriever.evidenceAll(Passages.of(text), searched)) {
      Decision d = decide(passage);
      if (d.kind() == Decision.Kind.NONE) continue;
      vote(d, votes, byArticle);
      confidence = Math.max(confidence, d.confidence());
      if (d.kind() == Decision.Kind.ANSWER) answers.merge(d.candidates().get(0).articleId(), 1, Integer::sum);
    }
    if (votes.isEmpty()) return whole;
    List<Candidate> choices = votes.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(DecisionPolicy.MAX_CHOICES)
        .map(e -> byArticle.get(e.getKey()))
        .toList();
    String first = choices.get(0).articleId();
    boolean wholeAgrees = ranked.stream().limit(2).anyMatch(c -> c.articleId().equals(first));
    if (answers.getOrDefault(first, 0) >= LONG_AGREEMENT && wholeAgrees) {
      return new Decision(Decision.Kind.ANSWER, List.of(choices.get(0)), searched, confidence);
    }
    if (choices.size() < 2) {
      for (Candidate c : ranked) {
        if (!c.articleId().equals(first)) {
          choices = List.of(choices.get(0), c);
          break;
        }
      }
    }
    return new Decision(Decision.Kind.CLARIFY, choices, searched, confidence);
  }

  /** How many passages of a long message must answer the same article for it to be the answer. */
  static final int LONG_AGREEMENT = 2;

  private static void vote(Decision d, Map<String, Double> votes, Map<String, Candidate> byArticle) {
    for (int i = 0; i < d.candidates().size(); i++) {
      Candidate c = d.candidates().get(i);
      votes.merge(c.articleId(), d.confidence() / (i + 1), Double::sum);
      byArticle.putIfAbsent(c.articleId(), c);
    }
  }

  private Decision decide(HybridRetriever.Evidence evidence) {
    return decide(evidence, rank(evidence, 10));
  }

  private Decision decide(HybridRetriever.Evidence evidence, List<Candidate> ranked) {
    double matched = ranked.isEmpty() ? 0 : retriever.matched(evidence, ranked.get(0).articleId(), List.of());
    return policy.decide(evidence.language(), ranked, retriever.coverage(evidence, List.of(), null), matched, evidence.terms().size());
  }

  /** Whether {@code text} is a long message, searched passage by passage (several sentences, see {@link Passages}). */
  public static boolean isLongMessage(String text) {
    return Passages.isLong(text);
  }

  /** The best {@code limit} articles for {@code text} in {@code language}, whatever the decision. */
  public List<Candidate> rank(String text, String language, int limit) {
    if (!retriever.languages().contains(language)) return List.of();
    return rank(retriever.evidence(text, language), limit);
  }

  private List<Candidate> rank(HybridRetriever.Evidence evidence, int limit) {
    Map<String, double[]> byArticle = retriever.aggregate(evidence, ord -> false);
    return HybridRetriever.rank(byArticle, policy.forLanguage(evidence.language()).weights(), limit);
  }
}
