package org.swiftline.gateway.appeals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.gateway.retrieval.TextSimilarity;

/**
 * Which open appeal a new one is linked to: the eldercare-station story of the background article, where
 * people across Beijing asked for the same thing, and unrelated appeals of the same category that stay apart.
 */
class SimilarAppealsTest {
  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  final SimilarAppeals similar = new SimilarAppeals(null, null, new TextSimilarity());

  static Appeal appeal(int n, String language, String district, String what) {
    return new Appeal(String.format("20261128-%06d", n), new ChannelIdentity("web", "u" + n), "c" + n, language, "eldercare",
        0.9, "civil-affairs", district, null, what, null, null, false, AppealStatus.DISPATCHED, null, T0.plusSeconds(n),
        T0.plusSeconds(n), 2);
  }

  @Test
  void aRequestForAnEldercareStationJoinsTheSameRequestFromAnotherDistrict() {
    Appeal chaoyang = appeal(1, "en", "chaoyang", "there is no eldercare station in our community");
    Appeal allowance = appeal(2, "en", "haidian", "the elderly allowance was not paid this month");
    Appeal meals = appeal(3, "en", "haidian", "meals at the eldercare station are too expensive");
    Appeal ma = appeal(4, "en", "haidian", "our community has no eldercare station, my mother-in-law needs one");
    assertEquals(chaoyang, similar.mostAlike(ma, List.of(chaoyang, allowance, meals)));
  }

  @Test
  void chineseReportsOfOneProblemAreLinked() {
    Appeal first = appeal(1, "zh", "xicheng", "我们社区没有养老驿站");
    Appeal other = appeal(2, "zh", "xicheng", "高龄津贴没到账");
    Appeal again = appeal(3, "zh", "xicheng", "社区里没有养老驿站，老人很不方便");
    assertEquals(first, similar.mostAlike(again, List.of(first, other)));
  }

  @Test
  void differentProblemsOfOneCategoryAndTheAppealItselfAreNotLinked() {
    Appeal allowance = appeal(1, "en", "haidian", "the elderly allowance was not paid this month");
    Appeal visit = appeal(2, "en", "haidian", "my mother lives alone and needs someone to check on her");
    Appeal meals = appeal(3, "en", "haidian", "meals at the eldercare station are too expensive");
    assertNull(similar.mostAlike(meals, List.of(allowance, visit, meals)));
    assertNull(similar.mostAlike(meals, List.of()));
  }

  @Test
  void aWrittenRatingIsOneDigitFromOneToFiveInAnyScript() {
    assertEquals(5, AppealConversation.score("5"));
    assertEquals(4, AppealConversation.score("４"));
    assertEquals(4, AppealConversation.score("4分"));
    assertEquals(3, AppealConversation.score("3 stars"));
    assertEquals(4, AppealConversation.score("4/5"));
    assertEquals(2, AppealConversation.score("٢"));
    assertEquals(5, AppealConversation.score("5점"));
    assertNull(AppealConversation.score("6"));
    assertNull(AppealConversation.score("0"));
    assertNull(AppealConversation.score("45"));
    assertNull(AppealConversation.score("call me at 5 pm tomorrow please"));
    assertNull(AppealConversation.score("good"));
  }
}
