package org.swiftline.gateway.store;

import io.vertx.core.Future;
import java.util.List;

/** Whether answers helped, per article: the raw material of answer-quality reports. */
public interface FeedbackStore {
  /** Succeeds once the feedback is durable. */
  Future<Void> record(AnswerFeedback feedback);

  /** Succeeds with the feedback given in one conversation, oldest first. */
  Future<List<AnswerFeedback>> forConversation(String conversationId);
}
