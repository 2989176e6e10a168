package org.swiftline.gateway.language;

import java.util.Objects;

/**
 * The language settled for one message.
 *
 * @param language a supported BCP-47 primary tag
 * @param confidence 0 to 1: how sure the detector is
 * @param reason what decided it: {@code script}, {@code text}, {@code hint}, {@code conversation} or {@code default}
 */
public record Detection(String language, double confidence, String reason) {
  public Detection {
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(reason, "reason");
  }
}
