package org.swiftline.gateway.relay;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link Relay} within one gateway instance, on Vert.x's local event bus. */
public final class EventBusRelay implements Relay {
  private static final String ADDRESS = "swiftline.relay.";

  private final Vertx vertx;
  private final Set<MessageConsumer<JsonObject>> consumers = ConcurrentHashMap.newKeySet();

  public EventBusRelay(Vertx vertx) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
  }

  @Override
  public Future<Void> publish(String topic, JsonObject event) {
    vertx.eventBus().publish(ADDRESS + Objects.requireNonNull(topic, "topic"), Objects.requireNonNull(event, "event"));
    return Future.succeededFuture();
  }

  @Override
  public Future<Subscription> subscribe(String topic, Handler<JsonObject> handler) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().<JsonObject>localConsumer(
        ADDRESS + Objects.requireNonNull(topic, "topic"), m -> handler.handle(m.body()));
    consumers.add(consumer);
    Subscription subscription = () -> {
      consumers.remove(consumer);
      return consumer.unregister();
    };
    return consumer.completion().map(v -> subscription);
  }

  @Override
  public Future<Void> close() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).onComplete(x -> consumers.clear())
        .mapEmpty();
  }
}
