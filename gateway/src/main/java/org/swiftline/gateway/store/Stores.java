package org.swiftline.gateway.store;

import io.vertx.core.Future;
import java.util.function.Supplier;
import org.swiftline.bots.ChannelState;
import org.swiftline.gateway.relay.Relay;

/**
 * The storage the gateway runs on: one implementation of every store interface, opened together.
 *
 * @param operators the operator console's accounts, sessions, queue and audit log
 * @param channelState what channels remember between messages (a Telegram chat's conversation, ids seen)
 * @param relay live events between the gateway's parts and, on a shared store, between instances
 * @param close closes them, succeeding once everything is flushed
 */
public record Stores(ConversationStore conversations, FeedbackStore feedback, AppealStore appeals,
    OperatorStore operators, ChannelState channelState, Relay relay, Supplier<Future<Void>> close) {}
