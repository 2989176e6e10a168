package org.swiftline.gateway.operators;

import java.util.function.Function;
import org.swiftline.gateway.Settings.InvalidSetting;

/**
 * The operator console's settings.
 *
 * @param sessionMinutes {@code SWIFTLINE_OPERATOR_SESSION_MINUTES}: a session ends after this long unused (default 480)
 * @param languageWaitSeconds {@code SWIFTLINE_OPERATOR_LANGUAGE_WAIT}: an escalation is offered to operators of
 *     its language first and to everyone after this many seconds (default 60)
 */
public record OperatorSettings(int sessionMinutes, int languageWaitSeconds) {
  public static final OperatorSettings DEFAULTS = new OperatorSettings(480, 60);

  public OperatorSettings {
    if (sessionMinutes < 1) throw new IllegalArgumentException("sessionMinutes must be 1 or more");
    if (languageWaitSeconds < 0) throw new IllegalArgumentException("languageWaitSeconds must not be negative");
  }

  /** Reads the settings through {@code get} (flags, environment, config file); fails naming a bad one. */
  public static OperatorSettings from(Function<String, String> get) {
    return new OperatorSettings(
        number(get, "SWIFTLINE_OPERATOR_SESSION_MINUTES", DEFAULTS.sessionMinutes, 1, 7 * 24 * 60),
        number(get, "SWIFTLINE_OPERATOR_LANGUAGE_WAIT", DEFAULTS.languageWaitSeconds, 0, 24 * 3600));
  }

  private static int number(Function<String, String> get, String name, int fallback, int min, int max) {
    String value = get.apply(name);
    if (value == null || value.isBlank()) return fallback;
    try {
      int n = Integer.parseInt(value.strip());
      if (n < min || n > max) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidSetting(name + ": '" + value + "' is not a whole number from " + min + " to " + max);
    }
  }
}
