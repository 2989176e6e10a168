package org.swiftline.bots;

import java.util.List;
import java.util.Objects;

/**
 * The result of one turn: what the gateway decided and the messages for the person.
 *
 * @param conversationId the conversation the turn belongs to
 * @param language the language of the person's message as the gateway settled it
 * @param outcome what the turn came to
 * @param match the article the reply rests on, or {@code null}
 * @param replies the messages for the person, in order
 * @param lastSeq the sequence number of the last transcript entry this turn wrote
 */
public record Turn(
    String conversationId, String language, Outcome outcome, Match match, List<Reply> replies, long lastSeq) {
  public Turn {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(outcome, "outcome");
    replies = List.copyOf(replies);
  }
}
