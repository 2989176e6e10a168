package org.swiftline.gateway.appeals;

import java.util.Objects;

/** One change to an appeal: the version it was made to, the new version and its audit-trail line. */
public record Change(Appeal before, Appeal after, AuditEntry entry) {
  public Change {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(entry, "entry");
    if (after.version() != before.version() + 1) throw new IllegalArgumentException("a change makes the next version");
  }

  /** Whether this change is staff acting on the appeal (a department or an administrator): a response. */
  public boolean isStaffResponse() {
    String actor = entry.actor();
    return !actor.equals("citizen") && !actor.equals("router") && !actor.equals("system") && !actor.startsWith("open311");
  }

  /** When this change resolves the appeal, its time; else {@code null}. */
  public java.time.Instant resolvedAt() {
    return entry.to() == AppealStatus.RESOLVED && entry.from() != AppealStatus.RESOLVED ? entry.at() : null;
  }

  /** The citizen's verdict this change carries (closed: solved; reopened: not solved), or {@code null}. */
  public Boolean verdict() {
    if (!entry.actor().equals("citizen") || before.status() != AppealStatus.RESOLVED) return null;
    if (after.status() == AppealStatus.CLOSED) return true;
    if (after.status() == AppealStatus.REOPENED) return false;
    return null;
  }
}
