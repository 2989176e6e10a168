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
  static final String VERSION = "2";

  private final KnowledgeBase knowledgeBase;
  private final HybridRetriever retriever;
  private final DecisionPolicy policy;
  private final String fallbackLanguage;

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

  /** Decides how to answer {@code text}, written in {@code language}. */
  public Decision decide(String text, String language) {
    String searched = searchLanguage(language);
    HybridRetriever.Evidence evidence = retriever.evidence(text, searched);
    return policy.decide(searched, rank(evidence, 10), retriever.coverage(evidence, List.of(), null));
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
