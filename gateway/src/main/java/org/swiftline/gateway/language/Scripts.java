package org.swiftline.gateway.language;

import java.lang.Character.UnicodeScript;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The writing system of a text, and which languages are written in which system. */
final class Scripts {
  /** Languages written in each non-Latin script; every language not listed here is taken to be Latin. */
  private static final Map<UnicodeScript, List<String>> LANGUAGES = new EnumMap<>(Map.ofEntries(
      Map.entry(UnicodeScript.HANGUL, List.of("ko")),
      Map.entry(UnicodeScript.HIRAGANA, List.of("ja")),
      Map.entry(UnicodeScript.KATAKANA, List.of("ja")),
      Map.entry(UnicodeScript.HAN, List.of("zh", "ja", "yue")),
      Map.entry(UnicodeScript.CYRILLIC, List.of("ru", "uk", "bg", "sr", "mk", "be", "kk", "ky", "mn", "tg")),
      Map.entry(UnicodeScript.ARABIC, List.of("ar", "fa", "ur", "ps", "ug", "ckb", "sd")),
      Map.entry(UnicodeScript.HEBREW, List.of("he", "yi")),
      Map.entry(UnicodeScript.GREEK, List.of("el")),
      Map.entry(UnicodeScript.THAI, List.of("th")),
      Map.entry(UnicodeScript.DEVANAGARI, List.of("hi", "mr", "ne", "sa")),
      Map.entry(UnicodeScript.BENGALI, List.of("bn", "as")),
      Map.entry(UnicodeScript.ARMENIAN, List.of("hy")),
      Map.entry(UnicodeScript.GEORGIAN, List.of("ka")),
      Map.entry(UnicodeScript.TAMIL, List.of("ta")),
      Map.entry(UnicodeScript.TELUGU, List.of("te")),
      Map.entry(UnicodeScript.KANNADA, List.of("kn")),
      Map.entry(UnicodeScript.MALAYALAM, List.of("ml")),
      Map.entry(UnicodeScript.GUJARATI, List.of("gu")),
      Map.entry(UnicodeScript.GURMUKHI, List.of("pa")),
      Map.entry(UnicodeScript.KHMER, List.of("km")),
      Map.entry(UnicodeScript.LAO, List.of("lo")),
      Map.entry(UnicodeScript.MYANMAR, List.of("my")),
      Map.entry(UnicodeScript.ETHIOPIC, List.of("am", "ti")),
      Map.entry(UnicodeScript.SINHALA, List.of("si")),
      Map.entry(UnicodeScript.TIBETAN, List.of("bo"))));

  private static final Set<String> NON_LATIN = LANGUAGES.values().stream()
      .flatMap(List::stream)
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  private Scripts() {}

  /**
   * The script that decides a text's language. Scripts that mark one language (Hangul, kana) win even
   * in a minority, because people mix English words into them ("visa 延期怎么办"); otherwise the script
   * with the most letters. {@code null} when the text has no letters.
   */
  static UnicodeScript dominant(String text) {
    Map<UnicodeScript, Integer> counts = new EnumMap<>(UnicodeScript.class);
    text.codePoints().filter(Character::isLetter).forEach(cp -> counts.merge(UnicodeScript.of(cp), 1, Integer::sum));
    if (counts.isEmpty()) return null;
    if (counts.containsKey(UnicodeScript.HANGUL)) return UnicodeScript.HANGUL;
    if (counts.containsKey(UnicodeScript.HIRAGANA) || counts.containsKey(UnicodeScript.KATAKANA)) {
      return UnicodeScript.HIRAGANA;
    }
    int latin = counts.getOrDefault(UnicodeScript.LATIN, 0);
    UnicodeScript best = null;
    int bestCount = 0;
    for (var e : counts.entrySet()) {
      if (e.getKey() == UnicodeScript.LATIN || e.getKey() == UnicodeScript.COMMON) continue;
      // A Han character carries about as much as a Latin word, so weigh it up against Latin letters.
      int weight = e.getKey() == UnicodeScript.HAN ? e.getValue() * 4 : e.getValue() * 2;
      if (weight > bestCount) {
        best = e.getKey();
        bestCount = weight;
      }
    }
    if (best != null && bestCount >= latin) return best;
    return latin > 0 ? UnicodeScript.LATIN : best;
  }

  /** Whether {@code language} is written in {@code script}. */
  static boolean writes(String language, UnicodeScript script) {
    if (script == UnicodeScript.LATIN) return !NON_LATIN.contains(language);
    List<String> languages = LANGUAGES.get(script == UnicodeScript.KATAKANA ? UnicodeScript.HIRAGANA : script);
    return languages != null && languages.contains(language);
  }
}
