package org.swiftline.bots;

import java.util.Locale;
import java.util.regex.Pattern;

/** Checks and normalises BCP-47 language tags as they arrive from browsers and platforms. */
public final class LanguageTags {
  private static final Pattern TAG = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,4}");

  private LanguageTags() {}

  /** Whether {@code tag} looks like a BCP-47 tag ({@code en}, {@code zh-CN}, {@code pt_BR}). */
  public static boolean isWellFormed(String tag) {
    return tag != null && TAG.matcher(tag).matches();
  }

  /** The lowercase primary language subtag of a well-formed tag: {@code zh-Hant-TW} gives {@code zh}. */
  public static String primary(String tag) {
    if (!isWellFormed(tag)) throw new IllegalArgumentException("not a language tag: " + tag);
    int cut = tag.indexOf('-') >= 0 ? tag.indexOf('-') : tag.indexOf('_');
    return (cut < 0 ? tag : tag.substring(0, cut)).toLowerCase(Locale.ROOT);
  }
}
