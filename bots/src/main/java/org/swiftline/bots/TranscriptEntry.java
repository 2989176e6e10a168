package org.swiftline.bots;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One message of a conversation's transcript, numbered so that a client can ask for what it missed.
 *
 * @param seq increasing within the conversation, starting at 1
 * @param author {@code user}, {@code bot}, {@code operator} or {@code system}
 */
public record TranscriptEntry(
    long seq, String author, String text, List<QuickReply> quickReplies, String language, Instant at) {
  public TranscriptEntry {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(at, "at");
    quickReplies = List.copyOf(quickReplies == null ? List.of() : quickReplies);
  }
}
