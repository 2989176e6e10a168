package org.swiftline.gateway.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.gateway.appeals.Appeal;
import org.swiftline.gateway.appeals.AppealStatus;
import org.swiftline.gateway.store.AppealFact;

/** CSV fields: RFC 4180 quoting, formulas defused, no personal data. */
class AppealCsvTest {
  @Test
  void quotesFieldsWithCommasQuotesAndLineBreaksAndDoublesQuotes() {
    assertEquals("plain", AppealCsv.field("plain"));
    assertEquals("", AppealCsv.field(null));
    assertEquals("\"a, b\"", AppealCsv.field("a, b"));
    assertEquals("\"say \"\"hi\"\"\"", AppealCsv.field("say \"hi\""));
    assertEquals("\"two\nlines\"", AppealCsv.field("two\nlines"));
    assertEquals("\" padded \"", AppealCsv.field(" padded "));
    assertEquals("路灯坏了", AppealCsv.field("路灯坏了"));
    assertEquals("a,,c\r\n", AppealCsv.line(Arrays.asList("a", null, "c")));
  }

  @Test
  void defusesFieldsASpreadsheetWouldRunAsFormulas() {
    assertEquals("'=1+2", AppealCsv.field("=1+2"));
    assertEquals("'+cmd", AppealCsv.field("+cmd"));
    assertEquals("'-2+3", AppealCsv.field("-2+3"));
    assertEquals("'@SUM(A1)", AppealCsv.field("@SUM(A1)"));
    assertEquals("\"'=HYPERLINK(\"\"http://x\"\", \"\"y\"\")\"", AppealCsv.field("=HYPERLINK(\"http://x\", \"y\")"));
    assertEquals("'\tx", AppealCsv.field("\tx"));
    assertEquals("\"'\rx\"", AppealCsv.field("\rx"));
  }

  @Test
  void aRowHasNoPhoneNorChannelIdentityAndRedactsNumbersInTheText() {
    Instant t = Instant.parse("2026-11-28T10:00:00Z");
    Appeal a = new Appeal("20261128-000001", new ChannelIdentity("telegram", "secret-user-42"), "conv-secret", "en",
        "streetlights", 0.9, "city-management", "xicheng", "5 Gulou St, call 138 0013 8000", "lamp out, \"dark\"",
        "since Monday", "+86 139 0000 1111", true, AppealStatus.CLOSED, "fixed", t, t, 3);
    AppealFact f = new AppealFact(a.number(), t, "en", "streetlights", "xicheng", "city-management", AppealStatus.CLOSED,
        t.plusSeconds(60), t.plusSeconds(120), true, 5, a.number());
    String row = new AppealCsv(AppealFiguresTest.NAMES).row(a, f);
    assertEquals("20261128-000001,2026-11-28T10:00:00Z,closed,streetlights,cat:streetlights,city-management,xicheng,en,"
        + "\"lamp out, \"\"dark\"\"\",\"5 Gulou St, call [number removed]\",since Monday,2026-11-28T10:01:00Z,"
        + "2026-11-28T10:02:00Z,yes,5,20261128-000001\r\n", row);
    assertFalse(row.contains("secret") || row.contains("139"), row);
    assertTrue(new AppealCsv(AppealFiguresTest.NAMES).header().startsWith("number,filed_at,status,"));
  }
}
