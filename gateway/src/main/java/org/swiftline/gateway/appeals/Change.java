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
}
