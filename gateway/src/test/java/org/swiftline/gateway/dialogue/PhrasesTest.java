package org.swiftline.gateway.dialogue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.dialogue.Phrases.Intent;
import org.swiftline.gateway.dialogue.Phrases.Strength;

class PhrasesTest {
  private final Phrases phrases = new Phrases(List.of("en", "zh", "es", "fr", "ja", "ko", "ru", "ar"));

  @Test
  void aPhraseAmongFillerWordsIsTheRequest() {
    assertEquals(Strength.REQUEST, phrases.strength(Intent.APPEAL, "I want to complain please"));
    assertEquals(Strength.REQUEST, phrases.strength(Intent.APPEAL, "quiero poner una queja por favor"));
    assertEquals(Strength.REQUEST, phrases.strength(Intent.APPEAL, "苦情を言いたいです"));
    assertEquals(Strength.REQUEST, phrases.strength(Intent.OPERATOR, "请帮我转人工"));
    assertEquals(Strength.REQUEST, phrases.strength(Intent.OPERATOR, "상담원 연결해주세요"));
    assertEquals(Strength.REQUEST, phrases.strength(Intent.OPERATOR, "je veux parler à un conseiller"));
  }

  @Test
  void aPhraseInsideAQuestionIsOnlyMentioned() {
    assertEquals(Strength.MENTIONED, phrases.strength(Intent.APPEAL, "estado de mi queja"));
    assertEquals(Strength.MENTIONED, phrases.strength(Intent.APPEAL, "出租车不打表 怎么投诉"));
    assertEquals(Strength.MENTIONED, phrases.strength(Intent.APPEAL, "민원 넣는 방법"));
    assertEquals(Strength.MENTIONED, phrases.strength(Intent.APPEAL, "как подать жалобу через этот чат"));
    assertEquals(Strength.MENTIONED, phrases.strength(Intent.OPERATOR, "wechat pay customer service number"));
  }

  @Test
  void wordsThatMerelyContainAPhraseDoNotCount() {
    assertEquals(Strength.NONE, phrases.strength(Intent.OPERATOR, "how do I register my dog"));
    assertEquals(Strength.NONE, phrases.strength(Intent.APPEAL, "visa extension"));
    assertEquals(Strength.NONE, phrases.strength(Intent.SMALL_TALK, "hello how do I extend my visa"));
  }
}
