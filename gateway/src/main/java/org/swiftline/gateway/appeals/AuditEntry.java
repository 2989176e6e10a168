package org.swiftline.gateway.appeals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One line of an appeal's audit trail, which is only ever appended to.
 *
 * @param actor who did it: {@code citizen}, {@code system}, {@code router}, {@code admin} or
 *     {@code department:<id>}
 * @param from the status before, or {@code null} when the appeal was filed
 * @param to the status after; equal to {@code from} for a note
 * @param note free text (a note, the reply to the citizen, the reason), or {@code null}
 */
public record AuditEntry(String number, Instant at, String actor, AppealStatus from, AppealStatus to, String note) {
  public static final int MAX_NOTE = 4000;

  public AuditEntry {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(to, "to");
    if (actor.isBlank()) throw new IllegalArgumentException("actor must not be blank");
    if (note != null && note.codePointCount(0, note.length()) > MAX_NOTE) {
      throw new IllegalArgumentException("note must be at most " + MAX_NOTE + " characters");
    }
    at = at.truncatedTo(ChronoUnit.MILLIS);
  }

  /** The actor name of a department. */
  public static String department(String departmentId) {
    return "department:" + departmentId;
  }
}
