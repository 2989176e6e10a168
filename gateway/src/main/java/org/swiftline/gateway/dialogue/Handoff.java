package org.swiftline.gateway.dialogue;

import io.vertx.core.Future;
import java.util.List;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.gateway.store.Conversation;

/**
 * Where the dialogue hands conversations to people: the operators' queue. {@link #NONE} when there are no
 * operators (the person is then told so and offered an appeal).
 */
public interface Handoff {

  /** Where a conversation stands with the operators. */
  enum State {
    /** The bot handles it. */
    BOT,
    /** It waits in the operators' queue; the bot keeps answering meanwhile. */
    WAITING,
    /** An operator holds it; the bot stays silent. */
    HELD
  }

  /** Reasons for a hand-off, as the queue names them. */
  String ASKED_FOR_OPERATOR = "asked_for_operator";
  String NO_ANSWER_TWICE = "no_answer_twice";
  String UPSET = "upset";
  String APPEAL_TRIAGE = "appeal_triage";

  Handoff NONE = new Handoff() {
    @Override
    public Future<State> state(String conversationId) {
      return Future.succeededFuture(State.BOT);
    }

    @Override
    public Future<Boolean> request(Conversation conversation, String language, String reason, String preview) {
      return Future.succeededFuture(false);
    }

    @Override
    public Future<Void> recorded(Conversation conversation, List<TranscriptEntry> entries) {
      return Future.succeededFuture();
    }
  };

  /** Succeeds with the conversation's state; a store failure fails it. */
  Future<State> state(String conversationId);

  /**
   * Puts the conversation in the operators' queue when an operator is on duty.
   *
   * @param preview the person's latest message
   * @return a future that succeeds with {@code true} when it was queued (or was already), {@code false}
   *     when no operator is on duty (nothing is queued)
   */
  Future<Boolean> request(Conversation conversation, String language, String reason, String preview);

  /**
   * Passes entries just recorded in a conversation that is waiting or held to the operators, live; succeeds
   * once they are handed over (delivery to consoles is best effort: the transcript is the record).
   */
  Future<Void> recorded(Conversation conversation, List<TranscriptEntry> entries);
}
