package org.swiftline.bots;

/**
 * Where to cut a message that is too long for its channel (Telegram's 4096 characters, WeChat's 2048
 * bytes): the part before the cut reads as whole paragraphs, lines or sentences where possible.
 */
public final class MessageBreaks {
  private MessageBreaks() {}

  /**
   * The index to cut {@code text} at, at most {@code limit} (and at least a third of it): after the last
   * paragraph break, else line break, else sentence end (Latin, Arabic or full-width punctuation), else
   * space before the limit; else at the limit itself, never inside a surrogate pair.
   */
  public static int cut(String text, int limit) {
    int floor = limit / 3;
    int paragraph = text.lastIndexOf("\n\n", limit - 1);
    if (paragraph >= floor) return paragraph + 1;
    int line = text.lastIndexOf('\n', limit - 1);
    if (line >= floor) return line + 1;
    for (int i = limit - 1; i >= floor; i--) {
      char c = text.charAt(i);
      boolean fullWidth = c == '\u3002' || c == '\uFF01' || c == '\uFF1F' || c == '\uFF1B';
      boolean latin = (c == '.' || c == '!' || c == '?' || c == '\u2026' || c == '\u061F' || c == ';')
          && i + 1 < text.length() && Character.isWhitespace(text.charAt(i + 1));
      if (fullWidth || latin) return i + 1;
    }
    for (int i = limit - 1; i >= floor; i--) {
      if (Character.isWhitespace(text.charAt(i))) return i + 1;
    }
    int hard = limit;
    if (Character.isHighSurrogate(text.charAt(hard - 1))) hard--;
    return hard;
  }
}
