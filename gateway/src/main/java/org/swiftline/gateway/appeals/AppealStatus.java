package org.swiftline.gateway.appeals;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where an appeal is in its life; {@link #wire()} is the name used in APIs and storage.
 *
 * <p>The allowed transitions, in one table ({@link #ALLOWED}):
 *
 * <pre>
 *   received     -> dispatched (routed to a department), rejected
 *   dispatched   -> in_progress (the department accepts), received (back to triage), rejected
 *   in_progress  -> resolved (with a reply to the citizen), received (back to triage)
 *   resolved     -> closed (the citizen confirms, or an administrator closes), reopened (not solved)
 *   reopened     -> in_progress (the department takes it up again), received (back to triage)
 *   closed, rejected: final
 * </pre>
 *
 * An appeal in {@code received} without a department is in the triage queue, waiting for a person to
 * route it.
 */
public enum AppealStatus {
  RECEIVED("received"),
  DISPATCHED("dispatched"),
  IN_PROGRESS("in_progress"),
  RESOLVED("resolved"),
  CLOSED("closed"),
  REJECTED("rejected"),
  REOPENED("reopened");

  private static final Map<AppealStatus, Set<AppealStatus>> ALLOWED = new EnumMap<>(AppealStatus.class);

  static {
    ALLOWED.put(RECEIVED, EnumSet.of(DISPATCHED, REJECTED));
    ALLOWED.put(DISPATCHED, EnumSet.of(IN_PROGRESS, RECEIVED, REJECTED));
    ALLOWED.put(IN_PROGRESS, EnumSet.of(RESOLVED, RECEIVED));
    ALLOWED.put(RESOLVED, EnumSet.of(CLOSED, REOPENED));
    ALLOWED.put(REOPENED, EnumSet.of(IN_PROGRESS, RECEIVED));
    ALLOWED.put(CLOSED, EnumSet.noneOf(AppealStatus.class));
    ALLOWED.put(REJECTED, EnumSet.noneOf(AppealStatus.class));
  }

  private final String wire;

  AppealStatus(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Whether an appeal in this status may move to {@code next}. */
  public boolean canMoveTo(AppealStatus next) {
    return ALLOWED.get(this).contains(next);
  }

  /** The statuses this one may move to. */
  public Set<AppealStatus> next() {
    return Set.copyOf(ALLOWED.get(this));
  }

  /** Whether nothing can happen to the appeal any more. */
  public boolean isFinal() {
    return ALLOWED.get(this).isEmpty();
  }

  /** Whether the appeal is still being handled (Open311's {@code open}). */
  public boolean isOpen() {
    return this != RESOLVED && this != CLOSED && this != REJECTED;
  }

  /** The status named {@code wire}; throws {@link IllegalArgumentException} naming the allowed values. */
  public static AppealStatus fromWire(String wire) {
    for (AppealStatus s : values()) {
      if (s.wire.equals(wire == null ? null : wire.toLowerCase(Locale.ROOT))) return s;
    }
    throw new IllegalArgumentException("unknown status '" + wire + "'; allowed: received, dispatched, in_progress, "
        + "resolved, closed, rejected, reopened");
  }
}
