package org.swiftline.gateway.llm;

import java.util.regex.Pattern;

/**
 * Wraps untrusted text (what people write, articles, conversations) in the tags the prompts declare to be
 * data, after defusing any of those tags inside the text, so that a message cannot close its block and
 * speak as instructions. Pure.
 */
public final class Delimited {
  private static final Pattern TAGS = Pattern.compile("(?i)<\\s*/?\\s*(user_text|article|conversation|articles)\\b");

  private Delimited() {}

  /** {@code <user_text>text</user_text>}. */
  public static String userText(String text) {
    return "<user_text>\n" + defuse(text) + "\n</user_text>";
  }

  /** {@code <article id="..." language="..." title="...">body</article>}. */
  public static String article(String id, String language, String title, String body) {
    return "<article id=\"" + id + "\" language=\"" + language + "\" title=\"" + defuse(title).replace("\"", "'") + "\">\n"
        + defuse(body) + "\n</article>";
  }

  /** {@code <conversation>lines</conversation>}. */
  public static String conversation(String lines) {
    return "<conversation>\n" + defuse(lines) + "\n</conversation>";
  }

  /** The text with every opening of a delimiting tag turned into a harmless look-alike. */
  static String defuse(String text) {
    return TAGS.matcher(text).replaceAll(m -> "‹" + m.group().substring(1).replace("\\", "\\\\").replace("$", "\\$"));
  }
}
