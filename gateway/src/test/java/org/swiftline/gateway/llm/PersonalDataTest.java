package org.swiftline.gateway.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Phone numbers, ID numbers and e-mail addresses do not leave for the model unless configured. */
class PersonalDataTest {
  private final PersonalData masking = new PersonalData(true);

  @Test
  void masksPhoneNumbersIdNumbersAndEmails() {
    PersonalData.Masked m = masking.mask(
        "Call me on 138 1234 5678 or +86 (10) 6512-3456, ID 11010519491231002X, mail li.wei@example.cn");
    assertFalse(m.text().contains("5678"), m.text());
    assertFalse(m.text().contains("3456"), m.text());
    assertFalse(m.text().contains("1002X"), m.text());
    assertFalse(m.text().contains("example.cn"), m.text());
    assertTrue(m.text().contains("[PHONE_1]") && m.text().contains("[PHONE_2]") && m.text().contains("[ID_1]")
        && m.text().contains("[EMAIL_1]"), m.text());
  }

  @Test
  void leavesShortNumbersDatesAndHotlinesAlone() {
    String text = "Since 2026-11-20 the light at No. 5 is out; I called 12345 twice.";
    assertEquals(text, masking.mask(text).text());
  }

  @Test
  void putsTheOriginalsBackIntoTheModelsText() {
    PersonalData.Masked m = masking.mask("Meine Nummer ist 13812345678.");
    assertEquals("My number is 13812345678.", m.unmask("My number is [PHONE_1]."));
  }

  @Test
  void passesTextUnchangedWhenSendingPersonalDataIsAllowed() {
    assertEquals("call 13812345678", new PersonalData(false).mask("call 13812345678").text());
  }
}
