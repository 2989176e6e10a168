package org.swiftline.gateway.dialogue;

import java.text.MessageFormat;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bot's own sentences per language, from the resource bundles {@code swiftline/messages_<lang>}
 * (English when a language has none), and the phrases that recognise requests such as "operator".
 */
public final class Phrases {
  /** Requests recognised from the person's words, in any supported language. */
  public enum Intent {
    OPERATOR("intent.operator"),
    APPEAL("intent.appeal"),
    NOT_HELPFUL("intent.notHelpful"),
    /** Anger or distress ("this is ridiculous", "气死了"): the bot goes on, and an operator is offered the chat. */
    UPSET("intent.upset"),
    /** Greetings and thanks: matched only as the whole message, never inside a question. */
    SMALL_TALK("intent.smallTalk");

    final String key;

    Intent(String key) {
      this.key = key;
    }
  }

  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
  private static final int SHORT_WORDS = 6;
  private static final int SHORT_CJK_CHARS = 12;

  /**
   * How a message relates to an intent: it is the request itself ("operator please", "我要投诉"), it
   * mentions the intent inside something else ("estado de mi queja", "怎么投诉出租车"), or neither.
   */
  public enum Strength {
    NONE,
    MENTIONED,
    REQUEST
  }

  /** Unspaced scripts (Chinese, Japanese, Thai): this many characters besides the phrase still make a request. */
  private static final int UNSPACED_LEFTOVER = 1;

  private final Map<String, ResourceBundle> bundles = new ConcurrentHashMap<>();
  private final Map<Intent, List<String>> intentPhrases = new HashMap<>();
  /** Words that add nothing to a request ("please", "i want", "请", "です"): {@code intent.filler} of every bundle. */
  private final java.util.Set<String> fillerWords = new java.util.HashSet<>();
  private final List<String> fillerParts = new ArrayList<>();

  /** Loads the bundles of {@code languages} (plus English) and their intent phrases. */
  public Phrases(Iterable<String> languages) {
    for (Intent intent : Intent.values()) intentPhrases.put(intent, new ArrayList<>());
    List<String> all = new ArrayList<>();
    all.add("en");
    languages.forEach(all::add);
    for (String lang : all) {
      ResourceBundle bundle = bundle(lang);
      for (Intent intent : Intent.values()) {
        if (!bundle.containsKey(intent.key)) continue;
        for (String phrase : bundle.getString(intent.key).split(",")) {
          String p = normalise(phrase);
          if (!p.isEmpty() && !intentPhrases.get(intent).contains(p)) intentPhrases.get(intent).add(p);
        }
      }
      if (bundle.containsKey("intent.filler")) {
        for (String word : bundle.getString("intent.filler").split(",")) {
          String w = normalise(word);
          if (w.isEmpty()) continue;
          if (unspaced(w) || hangul(w)) {
            if (!fillerParts.contains(w)) fillerParts.add(w);
          } else {
            fillerWords.add(w);
          }
        }
      }
    }
    // Longest first, so that "お願いします" goes before "します".
    fillerParts.sort((a, b) -> b.length() - a.length());
  }

  /** Every intent phrase of {@code language}'s own bundle: words of that language for the detector. */
  public List<String> intentPhrases(String language) {
    ResourceBundle bundle = bundle(language);
    List<String> phrases = new ArrayList<>();
    if (bundle.getLocale().getLanguage().equals(language)) {
      for (Intent intent : Intent.values()) {
        if (bundle.containsKey(intent.key)) phrases.addAll(List.of(bundle.getString(intent.key).split(",")));
      }
    }
    return phrases;
  }

  /** The sentence {@code key} in {@code language}, with {@code args} filled in. */
  public String text(String language, String key, Object... args) {
    String pattern = bundle(language).getString(key);
    return args.length == 0 ? pattern : new MessageFormat(pattern, Locale.forLanguageTag(language)).format(args);
  }

  /** The name of language {@code named} in language {@code in}, e.g. "English" or "英文". */
  public static String languageName(String named, String in) {
    String name = Locale.forLanguageTag(named).getDisplayLanguage(Locale.forLanguageTag(in));
    return name.isEmpty() ? named : name;
  }

  /**
   * Whether {@code text} expresses {@code intent}: it is one of the intent's phrases, or a short message
   * containing one ("operator please", "我要投诉"). Long messages are questions, not requests.
   */
  public boolean matches(Intent intent, String text) {
    String t = normalise(text);
    if (t.isEmpty()) return false;
    boolean isShort = t.split(" ").length <= SHORT_WORDS && t.codePointCount(0, t.length()) <= 60;
    long cjk = t.codePoints().filter(cp -> Character.isIdeographic(cp)
        || Character.UnicodeScript.of(cp) == Character.UnicodeScript.HANGUL).count();
    if (cjk > SHORT_CJK_CHARS) isShort = false;
    for (String phrase : intentPhrases.get(intent)) {
      if (t.equals(phrase)) return true;
      if (isShort && intent != Intent.SMALL_TALK && containsPhrase(t, phrase)) return true;
    }
    return false;
  }

  /**
   * How strongly {@code text} expresses {@code intent}. {@link Strength#REQUEST} when the message is one of
   * the intent's phrases, or contains one and nothing else but filler words ({@code intent.filler}: "please",
   * "i want", "请"); {@link Strength#MENTIONED} when it contains a phrase among other words, which makes it
   * as likely a question about the subject ("how do I complain about a taxi") as the request: the caller
   * lets retrieval decide. Small talk is only ever a whole message.
   */
  public Strength strength(Intent intent, String text) {
    String t = normalise(text);
    if (t.isEmpty()) return Strength.NONE;
    Strength best = Strength.NONE;
    for (String phrase : intentPhrases.get(intent)) {
      if (t.equals(phrase)) return Strength.REQUEST;
      if (intent == Intent.SMALL_TALK) continue;
      int at = phraseAt(t, phrase);
      if (at < 0) continue;
      String leftover = (t.substring(0, at) + " " + t.substring(at + phrase.length())).strip();
      if (onlyFiller(leftover)) return Strength.REQUEST;
      best = Strength.MENTIONED;
    }
    return best;
  }

  private boolean onlyFiller(String leftover) {
    StringBuilder unspacedRest = new StringBuilder();
    for (String word : leftover.split(" ")) {
      if (word.isEmpty() || fillerWords.contains(word)) continue;
      if (unspaced(word) || hangul(word)) {
        String rest = word;
        for (String part : fillerParts) rest = rest.replace(part, "");
        unspacedRest.append(rest);
        continue;
      }
      return false;
    }
    return unspacedRest.codePointCount(0, unspacedRest.length()) <= UNSPACED_LEFTOVER;
  }

  private static boolean unspaced(String word) {
    return word.codePoints().anyMatch(cp -> Character.isIdeographic(cp)
        || Character.UnicodeScript.of(cp) == Character.UnicodeScript.HIRAGANA
        || Character.UnicodeScript.of(cp) == Character.UnicodeScript.KATAKANA
        || Character.UnicodeScript.of(cp) == Character.UnicodeScript.THAI);
  }

  private static boolean hangul(String word) {
    return word.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HANGUL);
  }

  /** Where {@code phrase} occurs in {@code text} as whole words (anywhere for scripts without spaces), or -1. */
  private static int phraseAt(String text, String phrase) {
    int at = text.indexOf(phrase);
    while (at >= 0) {
      if (boundaries(text, phrase, at)) return at;
      at = text.indexOf(phrase, at + 1);
    }
    return -1;
  }

  private static boolean boundaries(String text, String phrase, int at) {
    boolean cjk = Character.isIdeographic(phrase.codePointAt(0)) || !Character.isLetter(phrase.codePointAt(0))
        || Character.UnicodeScript.of(phrase.codePointAt(0)) != Character.UnicodeScript.LATIN
            && Character.UnicodeScript.of(phrase.codePointAt(0)) != Character.UnicodeScript.CYRILLIC;
    boolean startOk = at == 0 || text.charAt(at - 1) == ' ' || cjk;
    int end = at + phrase.length();
    boolean endOk = end == text.length() || text.charAt(end) == ' ' || cjk;
    return startOk && endOk;
  }

  private static boolean containsPhrase(String text, String phrase) {
    int at = text.indexOf(phrase);
    while (at >= 0) {
      boolean cjk = Character.isIdeographic(phrase.codePointAt(0)) || !Character.isLetter(phrase.codePointAt(0))
          || Character.UnicodeScript.of(phrase.codePointAt(0)) != Character.UnicodeScript.LATIN
              && Character.UnicodeScript.of(phrase.codePointAt(0)) != Character.UnicodeScript.CYRILLIC;
      boolean startOk = at == 0 || text.charAt(at - 1) == ' ' || cjk;
      int end = at + phrase.length();
      boolean endOk = end == text.length() || text.charAt(end) == ' ' || cjk;
      if (startOk && endOk) return true;
      at = text.indexOf(phrase, at + 1);
    }
    return false;
  }

  static String normalise(String text) {
    String t = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFKC)
        .replace('’', '\'')
        .replaceAll("[\\p{P}\\p{S}&&[^']]+", " ")
        .replaceAll("\\s+", " ")
        .strip();
    return t;
  }

  private ResourceBundle bundle(String language) {
    return bundles.computeIfAbsent(language, lang -> {
      try {
        return ResourceBundle.getBundle("swiftline.messages", Locale.forLanguageTag(lang), NO_FALLBACK);
      } catch (MissingResourceException e) {
        return ResourceBundle.getBundle("swiftline.messages", Locale.ROOT, NO_FALLBACK);
      }
    });
  }
}
