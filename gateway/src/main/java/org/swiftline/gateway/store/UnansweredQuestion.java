package org.swiftline.gateway.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A question the bot had no answer for, kept for knowledge-base editors: the text (with numbers that look
 * like phone numbers and e-mail addresses removed), its language and when it was asked; nothing about who
 * asked or in which conversation.
 */
public record UnansweredQuestion(String text, String language, Instant at) {
  public static final int MAX_TEXT = 500;
  private static final Pattern PHONE_LIKE = Pattern.compile("\\+?\\d[\\d ()-]{5,20}\\d");
  private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");

  public UnansweredQuestion {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(at, "at");
    if (text.isBlank()) throw new IllegalArgumentException("text must not be blank");
    if (text.codePointCount(0, text.length()) > MAX_TEXT) throw new IllegalArgumentException("text must be at most " + MAX_TEXT + " characters");
    at = at.truncatedTo(ChronoUnit.MILLIS);
  }

  /** The question as it is kept: stripped, cut to {@link #MAX_TEXT}, phone numbers and e-mail addresses removed. */
  public static UnansweredQuestion of(String asked, String language, Instant at) {
    String text = EMAIL.matcher(asked.strip()).replaceAll("[email removed]");
    text = PHONE_LIKE.matcher(text).replaceAll("[number removed]");
    if (text.codePointCount(0, text.length()) > MAX_TEXT) text = text.substring(0, text.offsetByCodePoints(0, MAX_TEXT));
    return new UnansweredQuestion(text, language, at);
  }
}
