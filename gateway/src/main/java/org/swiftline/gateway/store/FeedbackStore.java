package org.swiftline.gateway.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;

/**
 * Whether answers helped, per article, and the questions the bot could not answer: the raw material of
 * answer-quality reports and of the knowledge-base gaps editors work from.
 */
public interface FeedbackStore {
  /** Succeeds once the feedback is durable. */
  Future<Void> record(AnswerFeedback feedback);

  /** Succeeds with the feedback given in one conversation, oldest first. */
  Future<List<AnswerFeedback>> forConversation(String conversationId);

  /** Keeps a question the bot had no answer for; succeeds once it is stored. */
  Future<Void> recordUnanswered(UnansweredQuestion question);

  /** Succeeds with the unanswered questions asked in [{@code from}, {@code to}), newest first, at most {@code limit}. */
  Future<List<UnansweredQuestion>> unanswered(Instant from, Instant to, int limit);
}
