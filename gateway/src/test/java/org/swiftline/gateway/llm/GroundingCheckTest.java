package org.swiftline.gateway.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The check that keeps model-written answers to the facts of the retrieved articles. */
class GroundingCheckTest {
  private static final List<GroundingCheck.Source> SOURCES = List.of(new GroundingCheck.Source("residence-permit",
      "Apply within 30 days of entry at the Exit and Entry Administration (Beijing: 2 Andingmen East Street, Dongcheng). "
          + "Fee by validity: 400 CNY (under 1 year), 800 CNY (1 to 3 years), 1,000 CNY (3 to 5 years). Call 12367."),
      new GroundingCheck.Source("lost-passport", "Report the loss at the police station; call 110."));

  @Test
  void acceptsAnAnswerWhoseFactsAreAllInTheArticles() {
    assertEquals(Optional.empty(), GroundingCheck.problem(
        "Apply within 30 days at 2 Andingmen East Street. It costs 400 CNY for under a year and 1000 CNY for 3 to 5 years. "
            + "Questions: 12367.", List.of("residence-permit"), SOURCES));
  }

  @Test
  void acceptsNumbersInAnotherLanguagesFormat() {
    assertEquals(Optional.empty(), GroundingCheck.problem("Die Gebühr beträgt 1.000 CNY; ab 2 Jahren 800 CNY.",
        List.of("residence-permit"), SOURCES));
  }

  @Test
  void acceptsAListTheModelNumberedItself() {
    assertEquals(Optional.empty(), GroundingCheck.problem("1. Apply within 30 days.\n2. Pay 400 CNY.\n3. Call 110.",
        List.of("residence-permit", "lost-passport"), SOURCES));
  }

  @Test
  void rejectsAnInventedFee() {
    assertTrue(GroundingCheck.problem("The fee is 250 CNY.", List.of("residence-permit"), SOURCES).isPresent());
  }

  @Test
  void rejectsAnInventedPhoneNumberAndDate() {
    assertTrue(GroundingCheck.problem("Call 010-8402-0101.", List.of("residence-permit"), SOURCES).isPresent());
    assertTrue(GroundingCheck.problem("Apply before 2026-12-01.", List.of("residence-permit"), SOURCES).isPresent());
  }

  @Test
  void rejectsAnInventedAddress() {
    assertTrue(GroundingCheck.problem("Go to Chaoyang North Road.", List.of("residence-permit"), SOURCES).isPresent());
    assertTrue(GroundingCheck.problem("请去朝阳北路办理。", List.of("residence-permit"), SOURCES).isPresent());
  }

  @Test
  void rejectsAnAnswerThatCitesNothingOrAnArticleNotRetrieved() {
    assertTrue(GroundingCheck.problem("Apply within 30 days.", List.of(), SOURCES).isPresent());
    assertTrue(GroundingCheck.problem("Apply within 30 days.", List.of("heating"), SOURCES).isPresent());
  }
}
