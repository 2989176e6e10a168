package org.swiftline.gateway.operators;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an operator account may do: {@code operator} < {@code supervisor} < {@code admin}. */
public enum Role {
  OPERATOR,
  SUPERVISOR,
  ADMIN;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this role may do what {@code needed} may (a higher role may do what a lower one may). */
  public boolean allows(Role needed) {
    return compareTo(needed) >= 0;
  }

  /** The role named {@code value}; fails naming the allowed values. */
  public static Role fromWire(String value) {
    for (Role r : values()) if (r.wire().equals(value)) return r;
    throw new IllegalArgumentException("role must be one of "
        + Arrays.stream(values()).map(Role::wire).collect(Collectors.joining(", ")) + ", not '" + value + "'");
  }
}
