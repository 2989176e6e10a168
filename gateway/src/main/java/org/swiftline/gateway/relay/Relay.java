package org.swiftline.gateway.relay;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;

/**
 * Live events between the parts of the gateway and, when instances share Redis, between instances: a
 * message for a person whose WebSocket is held by another instance, an operator console's queue update.
 * Delivery is at most once and only to subscribers connected at the time; whatever must not be lost is
 * stored first (the transcript, the queue) and the event only says "look again".
 *
 * <p>Implementations: {@link EventBusRelay} (one instance, the default) and one per shared store. Topics
 * are dotted words such as {@code conversation.<id>} or {@code operators.queue}.
 */
public interface Relay {

  /** Publishes to every current subscriber of {@code topic} on every instance; succeeds once handed over. */
  Future<Void> publish(String topic, JsonObject event);

  /**
   * Subscribes on this instance.
   *
   * @return a future that succeeds once events published afterwards will reach {@code handler}
   */
  Future<Subscription> subscribe(String topic, Handler<JsonObject> handler);

  /** Ends every subscription this relay holds; succeeds once done. */
  Future<Void> close();

  /** One subscription; {@link #close()} ends it. */
  interface Subscription {
    Future<Void> close();
  }
}
