package org.swiftline.gateway.store;

import java.time.Instant;
import java.util.Set;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.gateway.appeals.AppealStatus;

/**
 * Which appeals to list, newest first. Every criterion is optional ({@code null} or empty: any).
 *
 * @param citizen only this person's appeals
 * @param department only appeals routed to this department
 * @param triage only appeals waiting in the triage queue (no department)
 * @param from only appeals filed at or after this time
 * @param to only appeals filed before this time
 * @param limit at most this many, 1 to 1000
 */
public record AppealQuery(
    ChannelIdentity citizen, String department, boolean triage, Set<AppealStatus> statuses, Set<String> categories,
    Instant from, Instant to, int limit) {
  public static final int MAX_LIMIT = 1000;

  public AppealQuery {
    statuses = Set.copyOf(statuses == null ? Set.of() : statuses);
    categories = Set.copyOf(categories == null ? Set.of() : categories);
    if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
    if (triage && department != null) throw new IllegalArgumentException("triage appeals have no department");
  }

  public static AppealQuery ofCitizen(ChannelIdentity citizen, int limit) {
    return new AppealQuery(citizen, null, false, null, null, null, null, limit);
  }

  public static AppealQuery ofDepartment(String department, Set<AppealStatus> statuses, int limit) {
    return new AppealQuery(null, department, false, statuses, null, null, null, limit);
  }

  public static AppealQuery triageQueue(int limit) {
    return new AppealQuery(null, null, true, null, null, null, null, limit);
  }

  /** Whether {@code a} meets every criterion (for stores that filter in memory). */
  public boolean matches(org.swiftline.gateway.appeals.Appeal a) {
    if (citizen != null && !citizen.equals(a.citizen())) return false;
    if (department != null && !department.equals(a.department())) return false;
    if (triage && !a.inTriage()) return false;
    if (!statuses.isEmpty() && !statuses.contains(a.status())) return false;
    if (!categories.isEmpty() && (a.category() == null || !categories.contains(a.category()))) return false;
    if (from != null && a.createdAt().isBefore(from)) return false;
    return to == null || a.createdAt().isBefore(to);
  }
}
