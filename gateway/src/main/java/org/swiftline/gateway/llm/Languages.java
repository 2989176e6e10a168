package org.swiftline.gateway.llm;

import java.util.Locale;

/** Language tags as a model reads them best: "German (de)". Pure. */
final class Languages {
  private Languages() {}

  static String describe(String tag) {
    String name = Locale.forLanguageTag(tag).getDisplayLanguage(Locale.ENGLISH);
    return name.isBlank() || name.equals(tag) ? tag : name + " (" + tag + ")";
  }
}
