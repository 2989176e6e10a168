package org.swiftline.gateway.store;

import java.time.Instant;
import java.util.Objects;
import org.swiftline.gateway.appeals.AppealStatus;

/**
 * What analytics know of one appeal: where it stands and how it went, without its text or anything about
 * the citizen.
 *
 * @param firstResponseAt when staff (a department or an administrator) first acted on it, or {@code null}
 * @param resolvedAt when it was first resolved, or {@code null}
 * @param solved the citizen's latest verdict on the resolution ({@code true}: solved), or {@code null}
 * @param satisfaction the citizen's rating of how it was handled, 1 to 5, or {@code null}
 * @param cluster the number of the first appeal of its group of similar appeals, or {@code null}
 */
public record AppealFact(
    String number, Instant createdAt, String language, String category, String district, String department,
    AppealStatus status, Instant firstResponseAt, Instant resolvedAt, Boolean solved, Integer satisfaction,
    String cluster) {
  public AppealFact {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(status, "status");
    if (satisfaction != null && (satisfaction < 1 || satisfaction > 5)) {
      throw new IllegalArgumentException("satisfaction must be 1 to 5");
    }
  }
}
