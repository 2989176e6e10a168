package org.swiftline.gateway.appeals;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The words that steer the appeal conversation ("cancel", "yes", "skip", "status", ...) in every language,
 * from the keys {@code appeal.intent.*} of the resource bundles {@code swiftline/messages_<lang>}. A message
 * matches when, lowercased and without punctuation, it is one of the phrases or is short and contains one.
 */
public final class AppealPhrases {
  /** What a message may ask for during or about an appeal. */
  public enum Intent {
    CANCEL("appeal.intent.cancel", true),
    CONFIRM("appeal.intent.confirm", true),
    DECLINE("appeal.intent.decline", false),
    SKIP("appeal.intent.skip", false),
    EDIT("appeal.intent.edit", true),
    UNKNOWN("appeal.intent.unknown", true),
    /** Asking for the status of one's appeals; only whole messages or short ones naming an appeal. */
    STATUS("appeal.intent.status", true);

    final String key;
    final boolean inShortMessages;

    Intent(String key, boolean inShortMessages) {
      this.key = key;
      this.inShortMessages = inShortMessages;
    }
  }

  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
  private static final int SHORT_WORDS = 5;
  private static final int SHORT_CJK = 8;
  /** A status phrase counts inside a message with at most this many other words. */
  private static final int STATUS_REST = 3;

  private final Map<Intent, List<String>> phrases = new EnumMap<>(Intent.class);

  /** The phrases of {@code languages} and English. */
  public AppealPhrases(Iterable<String> languages) {
    for (Intent i : Intent.values()) phrases.put(i, new ArrayList<>());
    List<String> all = new ArrayList<>(List.of("en"));
    languages.forEach(all::add);
    for (String language : all) {
      ResourceBundle bundle;
      try {
        bundle = ResourceBundle.getBundle("swiftline.messages", Locale.forLanguageTag(language), NO_FALLBACK);
      } catch (MissingResourceException e) {
        continue;
      }
      for (Intent i : Intent.values()) {
        if (!bundle.containsKey(i.key)) continue;
        for (String p : bundle.getString(i.key).split(",")) {
          String n = normalise(p);
          if (!n.isEmpty() && !phrases.get(i).contains(n)) phrases.get(i).add(n);
        }
      }
    }
  }

  /** Whether {@code text} says {@code intent}. */
  public boolean matches(Intent intent, String text) {
    String t = normalise(text);
    if (t.isEmpty()) return false;
    long cjk = t.codePoints().filter(Character::isIdeographic).count();
    int words = t.split(" ").length;
    boolean isShort = words <= SHORT_WORDS && cjk <= SHORT_CJK;
    for (String p : phrases.get(intent)) {
      if (t.equals(p)) return true;
      if (intent == Intent.STATUS) {
        // "status" alone, but "status of my visa" is a question: only phrases of several words (or
        // Chinese ones) count inside a message, which may then be a sentence.
        // The rest of the message must be short too: "i want to rate how my complaint was handled" is
        // feedback, not a status request.
        boolean specific = p.contains(" ") || p.codePoints().anyMatch(Character::isIdeographic);
        if (specific && contains(t, p) && rest(t, p) <= STATUS_REST) return true;
      } else if (intent.inShortMessages && isShort && contains(t, p)) {
        return true;
      }
    }
    return false;
  }

  /** Words of {@code text} besides {@code phrase}; characters for Chinese and Japanese, where words have no spaces. */
  private static int rest(String text, String phrase) {
    String rest = text.replaceFirst(java.util.regex.Pattern.quote(phrase), " ").strip();
    if (rest.isEmpty()) return 0;
    long unspaced = rest.codePoints().filter(cp -> Character.isIdeographic(cp)
        || Character.UnicodeScript.of(cp) == Character.UnicodeScript.HIRAGANA
        || Character.UnicodeScript.of(cp) == Character.UnicodeScript.KATAKANA).count();
    return (int) Math.max(rest.split(" ").length, (unspaced + 1) / 2);
  }

  private static boolean contains(String text, String phrase) {
    boolean cjk = phrase.codePoints().anyMatch(Character::isIdeographic);
    if (cjk) return text.contains(phrase);
    return (" " + text + " ").contains(" " + phrase + " ");
  }

  static String normalise(String text) {
    return Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFKC)
        .replace('’', '\'')
        .replaceAll("[\\p{P}\\p{S}&&[^'/]]+", " ")
        .replaceAll("\\s+", " ")
        .strip();
  }
}
