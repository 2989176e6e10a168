package org.swiftline.gateway.dialogue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.swiftline.gateway.store.Conversation;
import org.swiftline.gateway.store.NewEntry;

/**
 * What this instance remembers of its recent conversations, so that it can carry on while the store is
 * unreachable: each one's last version and last transcript number, and the entries it could not store yet
 * (written before the conversation's next turn once the store answers again). Bounded: the least recently
 * used conversations are forgotten first, and at most {@link #MAX_UNSAVED} unsaved entries are kept per
 * conversation.
 */
final class ConversationMemory {
  static final int MAX_CONVERSATIONS = 10_000;
  static final int MAX_UNSAVED = 200;

  /** A remembered conversation. */
  record Recalled(Conversation conversation, long lastSeq, List<NewEntry> unsaved) {
    Recalled {
      unsaved = List.copyOf(unsaved);
    }
  }

  private final Map<String, Recalled> recent = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Recalled> eldest) {
      return size() > MAX_CONVERSATIONS;
    }
  };

  synchronized Optional<Recalled> get(String conversationId) {
    return Optional.ofNullable(recent.get(conversationId));
  }

  /** The conversation was stored up to {@code lastSeq}, with nothing left unsaved. */
  synchronized void saved(Conversation conversation, long lastSeq) {
    recent.put(conversation.id(), new Recalled(conversation, lastSeq, List.of()));
  }

  /**
   * The conversation moved on without being stored.
   *
   * @return the number of the last of {@code entries}, following the last one known here
   */
  synchronized long unsaved(Conversation conversation, List<NewEntry> entries) {
    Recalled before = recent.get(conversation.id());
    long lastSeq = (before == null ? 0 : before.lastSeq()) + entries.size();
    List<NewEntry> pending = new ArrayList<>(before == null ? List.of() : before.unsaved());
    pending.addAll(entries);
    if (pending.size() > MAX_UNSAVED) pending = pending.subList(pending.size() - MAX_UNSAVED, pending.size());
    recent.put(conversation.id(), new Recalled(conversation, lastSeq, pending));
    return lastSeq;
  }

  /** Forgets the unsaved entries of a conversation that turned out not to be the caller's. */
  synchronized void forget(String conversationId) {
    recent.remove(conversationId);
  }
}
