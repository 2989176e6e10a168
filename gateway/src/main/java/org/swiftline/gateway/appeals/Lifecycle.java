package org.swiftline.gateway.appeals;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The actions on an appeal, each a move allowed by {@link AppealStatus}'s table, made into a
 * {@link Change} with its audit-trail line. Pure: storing the change is the caller's business. An
 * action the appeal's status does not allow throws {@link ForbiddenTransition}; a missing note or reply
 * throws {@link IllegalArgumentException}.
 */
public final class Lifecycle {
  private final Clock clock;

  public Lifecycle(Clock clock) {
    this.clock = clock;
  }

  /** Routes an appeal out of triage to {@code department}: received to dispatched. */
  public Change route(Appeal a, String department, String actor, String note) {
    Objects.requireNonNull(department, "department");
    return move(a, "routing", AppealStatus.DISPATCHED, department, a.resolution(), actor, note);
  }

  /** The department takes the appeal up: dispatched or reopened to in progress. */
  public Change accept(Appeal a, String actor, String note) {
    return move(a, "accepting", AppealStatus.IN_PROGRESS, a.department(), a.resolution(), actor, note);
  }

  /** The department resolves the appeal with a reply for the citizen: in progress to resolved. */
  public Change resolve(Appeal a, String actor, String reply) {
    return move(a, "resolving", AppealStatus.RESOLVED, a.department(), required("reply", reply), actor, reply);
  }

  /** The appeal goes back to the triage queue, without a department: to received. */
  public Change toTriage(Appeal a, String actor, String note) {
    return move(a, "sending back to triage", AppealStatus.RECEIVED, null, a.resolution(), actor, note);
  }

  /** The appeal is turned down (not the hotline's business, a duplicate, abuse): to rejected. */
  public Change reject(Appeal a, String actor, String reason) {
    return move(a, "rejecting", AppealStatus.REJECTED, a.department(), a.resolution(), actor, required("reason", reason));
  }

  /** The citizen (or an administrator) confirms the resolution: resolved to closed. */
  public Change close(Appeal a, String actor, String note) {
    return move(a, "closing", AppealStatus.CLOSED, a.department(), a.resolution(), actor, note);
  }

  /** The citizen says the problem is not solved: resolved to reopened, back to the same department. */
  public Change reopen(Appeal a, String actor, String note) {
    return move(a, "reopening", AppealStatus.REOPENED, a.department(), a.resolution(), actor, note);
  }

  /** A note in the audit trail; the status stays. Allowed in every status. */
  public Change note(Appeal a, String actor, String note) {
    required("note", note);
    Instant now = clock.instant();
    return new Change(a, a.touched(now), new AuditEntry(a.number(), now, actor, a.status(), a.status(), note));
  }

  private Change move(Appeal a, String action, AppealStatus to, String department, String resolution, String actor, String note) {
    if (!a.status().canMoveTo(to)) throw new ForbiddenTransition(a.number(), a.status(), action, from(to));
    Instant now = clock.instant();
    return new Change(a, a.moved(to, department, resolution, now),
        new AuditEntry(a.number(), now, actor, a.status(), to, note == null || note.isBlank() ? null : note.strip()));
  }

  /** The statuses from which an appeal may move to {@code to}. */
  static Set<AppealStatus> from(AppealStatus to) {
    Set<AppealStatus> result = EnumSet.noneOf(AppealStatus.class);
    for (AppealStatus s : AppealStatus.values()) if (s.canMoveTo(to)) result.add(s);
    return result;
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(field + " is required");
    return value.strip();
  }
}
