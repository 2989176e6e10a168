package org.swiftline.bots;

import io.vertx.core.Future;
import java.util.List;

/** The gateway side of every channel: takes a person's message and answers with a turn. */
public interface ConversationHandler {

  /**
   * Handles one message.
   *
   * @return a future that succeeds with the turn once it is stored, or fails with {@link RejectedMessage}
   *     when the message cannot be taken (unknown conversation, say) and any other exception on failure
   */
  Future<Turn> handle(InboundMessage message);

  /**
   * The transcript of a conversation after {@code afterSeq}, for catch-up after a reconnect.
   *
   * @return a future that succeeds with the entries in order, or fails with {@link RejectedMessage}
   *     when the conversation does not exist or belongs to someone else
   */
  Future<List<TranscriptEntry>> transcript(ChannelIdentity who, String conversationId, long afterSeq);
}
