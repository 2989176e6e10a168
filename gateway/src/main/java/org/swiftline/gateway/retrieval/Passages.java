package org.swiftline.gateway.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The pieces of a long message that are searched on their own: a resident who describes a problem in
 * several sentences asks about one thing in one of them, and the story around it dilutes a search for the
 * whole. A message is long when it has at least two sentences and {@link #LONG_CHARS} characters; its
 * passages are its sentences and each pair of neighbouring sentences, at most {@link #MAX_PASSAGES}, the
 * last sentences first (the question usually ends the message). Pure functions.
 */
final class Passages {
  static final int LONG_CHARS = 80;
  static final int MAX_PASSAGES = 10;
  /** What an embedding model reads of a whole message (models cut longer inputs anyway, at a higher cost). */
  static final int EMBEDDED_CHARS = 600;
  /** A sentence shorter than this (in characters) is joined to the next one: "Hello." says nothing alone. */
  private static final int MIN_SENTENCE = 12;
  private static final Pattern SENTENCE_END =
      Pattern.compile("(?<=[.!?;。！？；…])\\s*|\\s*\\n+\\s*|(?<=[؟،])\\s+");

  private Passages() {}

  static boolean isLong(String text) {
    return text.length() >= LONG_CHARS && sentences(text).size() >= 2;
  }

  /** The message's sentences, short ones joined to their neighbour. */
  static List<String> sentences(String text) {
    List<String> result = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String part : SENTENCE_END.split(text.strip())) {
      String s = part.strip();
      if (s.isEmpty()) continue;
      if (pending.length() > 0) pending.append(' ');
      pending.append(s);
      if (pending.codePointCount(0, pending.length()) >= MIN_SENTENCE) {
        result.add(pending.toString());
        pending.setLength(0);
      }
    }
    if (pending.length() > 0) {
      if (result.isEmpty()) result.add(pending.toString());
      else result.set(result.size() - 1, result.get(result.size() - 1) + " " + pending);
    }
    return result;
  }

  /** The passages to search besides the whole message, most promising (last) first. */
  static List<String> of(String text) {
    List<String> sentences = sentences(text);
    List<String> passages = new ArrayList<>();
    for (int i = sentences.size() - 1; i >= 0 && passages.size() < MAX_PASSAGES; i--) {
      passages.add(sentences.get(i));
      if (i > 0 && passages.size() < MAX_PASSAGES) passages.add(sentences.get(i - 1) + " " + sentences.get(i));
    }
    return passages;
  }

  /** The start of {@code text}, at most {@code max} characters, not cutting a surrogate pair. */
  static String clip(String text, int max) {
    if (text.length() <= max) return text;
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end);
  }
}
