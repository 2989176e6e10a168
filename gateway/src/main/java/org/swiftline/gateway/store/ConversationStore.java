package org.swiftline.gateway.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import org.swiftline.bots.TranscriptEntry;

/** Conversations and their transcripts. Implementations: {@code store/sqlite} (default) and {@code store/redis}. */
public interface ConversationStore {

  /** Succeeds with the conversation, or empty when there is none with this id. */
  Future<Optional<Conversation>> find(String id);

  /**
   * Saves the conversation (creating it if new) and appends the entries, atomically: either both are
   * durable or neither is.
   *
   * @return a future that succeeds with the appended entries, numbered after the conversation's last one
   */
  Future<List<TranscriptEntry>> record(Conversation conversation, List<NewEntry> entries);

  /** Succeeds with up to {@code limit} entries numbered after {@code afterSeq}, in order. */
  Future<List<TranscriptEntry>> transcript(String conversationId, long afterSeq, int limit);

  /**
   * Succeeds with the article each bot entry of the conversation rests on, by entry number; entries
   * without an article are left out (for the operator console's transcript).
   */
  Future<java.util.Map<Long, String>> articles(String conversationId);
}
