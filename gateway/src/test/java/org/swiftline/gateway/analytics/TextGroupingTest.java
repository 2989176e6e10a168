package org.swiftline.gateway.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.retrieval.TextSimilarity;
import org.swiftline.gateway.store.UnansweredQuestion;

/** Grouping the questions the bot could not answer by similarity, in several languages. */
class TextGroupingTest {
  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  static List<UnansweredQuestion> questions(String... languageAndText) {
    List<UnansweredQuestion> list = new ArrayList<>();
    for (int i = 0; i < languageAndText.length; i += 2) {
      list.add(new UnansweredQuestion(languageAndText[i + 1], languageAndText[i], T0.minusSeconds(i)));
    }
    return list;
  }

  @Test
  void groupsRewordingsOfOneQuestionAndCountsThemTheMostAskedFirst() {
    JsonArray groups = new KnowledgeGaps(new TextSimilarity()).group(questions(
        "en", "where can I buy a peking duck",
        "en", "where to buy peking duck",
        "en", "where can I buy a peking duck",
        "en", "Where can I buy a Peking duck?",
        "en", "how do I train my parrot to talk",
        "zh", "哪里可以买到北京烤鸭",
        "zh", "北京烤鸭哪里买",
        "en", "can my parrot learn to talk",
        "en", "best peking duck restaurant"), 10);
    JsonObject duck = groups.getJsonObject(0);
    assertEquals(4, duck.getInteger("count"), groups.encodePrettily());
    assertEquals("where can I buy a peking duck", duck.getString("question"));
    assertEquals(new JsonObject().put("en", 4), duck.getJsonObject("languages"));
    assertTrue(duck.getJsonArray("examples").contains("where to buy peking duck"), duck.encode());
    assertEquals(T0.toString(), duck.getString("lastAsked"));
    JsonObject second = groups.getJsonObject(1);
    assertEquals(2, second.getInteger("count"), groups.encodePrettily());
    assertEquals(4, groups.size(), "duck (en), parrot, duck (zh), and a restaurant is another question: " + groups.encodePrettily());
    assertEquals(1, new KnowledgeGaps(new TextSimilarity()).group(questions("en", "a", "en", "b"), 1).size());
  }

  @Test
  void unrelatedQuestionsStayApart() {
    TextSimilarity similarity = new TextSimilarity();
    List<List<Integer>> groups = similarity.group(List.of("the streetlight is broken", "my neighbour is too noisy at night",
        "no eldercare station in our community"), List.of("en", "en", "en"), KnowledgeGaps.THRESHOLD);
    assertEquals(3, groups.size());
  }
}
