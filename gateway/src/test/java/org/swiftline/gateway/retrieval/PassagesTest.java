package org.swiftline.gateway.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PassagesTest {
  @Test
  void splitsSentencesInLatinAndChineseScriptsAndJoinsShortOnes() {
    assertEquals(List.of("Hello. My passport was stolen yesterday.", "What do I do now?"),
        Passages.sentences("Hello. My passport was stolen yesterday. What do I do now?"));
    assertEquals(List.of("家里的暖气从上周开始一点都不热。", "物业说是热力公司的问题不归他们管。", "请问我们应该去找哪个部门解决？"),
        Passages.sentences("家里的暖气从上周开始一点都不热。物业说是热力公司的问题不归他们管。请问我们应该去找哪个部门解决？"));
  }

  @Test
  void aShortQuestionIsNotLongEvenWithTwoSentences() {
    assertFalse(Passages.isLong("Hi. Visa extension?"));
    assertTrue(Passages.isLong("I moved to Beijing last month with my family. Where do I register our address with the police?"));
  }

  @Test
  void passagesStartFromTheEndAndAreCapped() {
    String text = "This is sentence number one here. ".repeat(30) + "Where do I extend my visa in Beijing?";
    List<String> passages = Passages.of(text);
    assertEquals("Where do I extend my visa in Beijing?", passages.get(0));
    assertEquals(Passages.MAX_PASSAGES, passages.size());
  }

  @Test
  void clippingNeverSplitsASurrogatePair() {
    String text = "a".repeat(9) + "😀" + "b";
    assertEquals("a".repeat(9), Passages.clip(text, 10));
    assertEquals(text, Passages.clip(text, 100));
  }
}
