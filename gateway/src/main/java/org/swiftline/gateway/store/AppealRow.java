package org.swiftline.gateway.store;

import java.util.Objects;

/** An appeal with its analytics facts, as exports list them ({@link AppealStore#page}). */
public record AppealRow(org.swiftline.gateway.appeals.Appeal appeal, AppealFact fact) {
  public AppealRow {
    Objects.requireNonNull(appeal, "appeal");
    Objects.requireNonNull(fact, "fact");
  }
}
