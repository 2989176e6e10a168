package org.swiftline.gateway.operators;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether an operator is available: on duty by their own choice and connected lately.
 *
 * @param onDuty the operator's choice ({@code PUT /me/duty}); true unless they set off duty
 * @param connectedUntil the end of the operator's connection lease, renewed while the console is open
 */
public record Presence(String name, boolean onDuty, Instant connectedUntil) {
  public Presence {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(connectedUntil, "connectedUntil");
  }

  public boolean availableAt(Instant now) {
    return onDuty && now.isBefore(connectedUntil);
  }
}
