package org.swiftline.gateway.appeals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftline.gateway.TestGateway;
import org.swiftline.gateway.knowledge.Category;
import org.swiftline.gateway.knowledge.KnowledgeBase;
import org.swiftline.gateway.knowledge.KnowledgeBaseLoader;

/** The appeal classifier on the sample knowledge base, judged on examples it was not trained on. */
class AppealClassifierTest {
  static final Path CACHE = Path.of("target", "shared-cache", "cache");
  static KnowledgeBase kb;
  static AppealClassifier classifier;

  @BeforeAll
  static void load() {
    kb = new KnowledgeBaseLoader().load(TestGateway.repositoryKnowledgeBase());
    classifier = AppealClassifier.train(kb, CACHE);
  }

  @Test
  void classifiesHeldOutExamplesInEnglishAndChinese() {
    // given a classifier trained without the last English and the last Chinese example of each category
    Map<String, Category> trimmed = new LinkedHashMap<>();
    List<String[]> heldOut = new ArrayList<>();
    for (Category c : kb.categories().values()) {
      List<String> kept = new ArrayList<>();
      String lastEnglish = null;
      String lastChinese = null;
      for (String e : c.examples()) {
        if (e.codePoints().anyMatch(Character::isIdeographic)) lastChinese = e;
        else lastEnglish = e;
      }
      for (String e : c.examples()) if (!e.equals(lastEnglish) && !e.equals(lastChinese)) kept.add(e);
      heldOut.add(new String[] {c.id(), lastEnglish});
      heldOut.add(new String[] {c.id(), lastChinese});
      trimmed.put(c.id(), new Category(c.id(), c.names(), c.department(), c.districts(), kept));
    }
    AppealClassifier classifier = AppealClassifier.train(
        new KnowledgeBase(kb.articles(), kb.departments(), trimmed, kb.fingerprint() + "-held-out"), CACHE);

    // when it classifies the held-out examples
    int right = 0;
    int confident = 0;
    int confidentRight = 0;
    for (String[] example : heldOut) {
      AppealClassifier.Result r = classifier.classify(example[1]);
      boolean ok = example[0].equals(r.category());
      if (ok) right++;
      if (r.confident()) {
        confident++;
        if (ok) confidentRight++;
      }
    }
    double accuracy = right / (double) heldOut.size();
    double precision = confidentRight / (double) confident;
    System.out.printf("held-out: %d examples, accuracy %.3f, routed %d at precision %.3f (threshold %.3f, cv accuracy %.3f)%n",
        heldOut.size(), accuracy, confident, precision, classifier.threshold(), classifier.heldOutAccuracy());

    // then most are right, and those confident enough to be routed without a person nearly all are
    assertEquals(70, heldOut.size());
    assertTrue(accuracy >= 0.6, "accuracy " + accuracy);
    assertTrue(precision >= 0.8, "precision of routed appeals " + precision);
    assertTrue(confident >= 25, "routed " + confident);
  }

  @Test
  void crossValidationSetsAThresholdWithinItsBounds() {
    assertTrue(classifier.heldOutAccuracy() >= 0.68, "cross-validated accuracy " + classifier.heldOutAccuracy());
    assertTrue(classifier.threshold() >= AppealClassifier.MIN_THRESHOLD && classifier.threshold() <= AppealClassifier.MAX_THRESHOLD);
    assertEquals(kb.categories().size(), classifier.categories().size());
  }

  @Test
  void textThatIsNoAppealGoesToTriage() {
    assertFalse(classifier.classify("asdf qwer zxcv").confident());
    assertFalse(classifier.classify("blue").confident());
    assertTrue(classifier.classify("the streetlight outside my building has been broken for a week").confident());
    assertEquals("streetlights", classifier.classify("the streetlight outside my building has been broken for a week").category());
    assertEquals("noise", classifier.classify("楼上装修电钻声太吵了").category());
  }

  @Test
  void aConfidentAnswerEngineVotePullsTowardsItsCategory() {
    String text = "the office lost my documents";
    AppealClassifier.Result alone = classifier.classify(text);
    AppealClassifier.Result pulled = classifier.classify(text, new AppealClassifier.Vote("visa-residence", 0.99));
    assertEquals("visa-residence", pulled.category());
    assertTrue(pulled.confidence() > 0.49, "confidence " + pulled.confidence());
    AppealClassifier.Result unsure = classifier.classify(text, new AppealClassifier.Vote("visa-residence", 0.0));
    assertEquals(alone, unsure, "a vote without confidence changes nothing");
  }

  @Test
  void aKnowledgeBaseWithoutCategoriesSendsEverythingToTriage() {
    AppealClassifier classifier = AppealClassifier.train(new KnowledgeBase(kb.articles(), kb.departments(), Map.of(), "none"));
    AppealClassifier.Result r = classifier.classify("the streetlight is broken");
    assertNull(r.category());
    assertFalse(r.confident());
  }

  @Test
  void theModelIsCachedByContent(@TempDir Path cache) {
    long t0 = System.nanoTime();
    AppealClassifier first = AppealClassifier.train(kb, cache);
    long trained = System.nanoTime() - t0;
    t0 = System.nanoTime();
    AppealClassifier second = AppealClassifier.train(kb, cache);
    long cached = System.nanoTime() - t0;
    assertEquals(first.threshold(), second.threshold());
    assertEquals(first.classify("路灯坏了").category(), second.classify("路灯坏了").category());
    assertTrue(cached < trained / 3, "cached " + cached / 1_000_000 + " ms, trained " + trained / 1_000_000 + " ms");
  }
}
