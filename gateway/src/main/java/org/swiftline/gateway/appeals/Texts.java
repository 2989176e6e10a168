package org.swiftline.gateway.appeals;

/** The bot's sentences by key and language, with arguments filled in (the dialogue's resource bundles). */
@FunctionalInterface
public interface Texts {
  String text(String language, String key, Object... args);
}
