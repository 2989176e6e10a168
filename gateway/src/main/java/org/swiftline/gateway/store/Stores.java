package org.swiftline.gateway.store;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * The storage the gateway runs on: one implementation of every store interface, opened together.
 *
 * @param close closes them, succeeding once everything is flushed
 */
public record Stores(ConversationStore conversations, FeedbackStore feedback, AppealStore appeals, Supplier<Future<Void>> close) {}
