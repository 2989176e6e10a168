package org.swiftline.bots;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MessageBreaksTest {

  @Test
  void cutsAfterTheLastParagraphThenLineThenSentenceBeforeTheLimit() {
    assertEquals(12, MessageBreaks.cut("First part.\n\nSecond part goes on", 20));
    assertEquals(11, MessageBreaks.cut("First line\nsecond line goes on", 20));
    assertEquals(9, MessageBreaks.cut("Bring it. Then go on and on", 20));
    String arabic = "هل هذا صحيح؟ نعم ولكن الطريق طويل";
    assertEquals(arabic.indexOf('؟') + 1, MessageBreaks.cut(arabic, 20), "after the Arabic question mark");
    String chinese = "请带护照。然后去出入境管理局办理";
    assertEquals(chinese.indexOf('。') + 1, MessageBreaks.cut(chinese, 10), "after a full-width full stop");
  }

  @Test
  void cutsAtASpaceThenAtTheLimitButNeverInsideASurrogatePair() {
    assertEquals(11, MessageBreaks.cut("many words without any stop", 14));
    assertEquals(10, MessageBreaks.cut("abcdefghijklmnop", 10));
    assertEquals(9, MessageBreaks.cut("abcdefghi\uD83D\uDE00jklmnop", 10), "the emoji is not split");
  }
}
