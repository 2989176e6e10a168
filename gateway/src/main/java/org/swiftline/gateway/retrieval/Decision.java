package org.swiftline.gateway.retrieval;

import java.util.List;

/**
 * What the engine decided for one query.
 *
 * @param kind answer, clarify or none
 * @param candidates the answer (one) or the choices to offer (several); empty for none
 * @param searchedLanguage the language whose texts were searched
 * @param confidence calibrated probability that the best candidate is right
 */
public record Decision(Kind kind, List<Candidate> candidates, String searchedLanguage, double confidence) {
  public enum Kind {
    ANSWER,
    CLARIFY,
    NONE
  }

  public Decision {
    candidates = List.copyOf(candidates);
  }
}
