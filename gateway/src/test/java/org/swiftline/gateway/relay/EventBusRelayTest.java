package org.swiftline.gateway.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventBusRelayTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void deliversToEverySubscriberOfTheTopicUntilTheyUnsubscribe() throws Exception {
    Relay relay = new EventBusRelay(vertx);
    List<String> first = new CopyOnWriteArrayList<>();
    List<String> second = new CopyOnWriteArrayList<>();
    List<String> other = new CopyOnWriteArrayList<>();
    Relay.Subscription a = relay.subscribe("conversation.1", e -> first.add(e.getString("text"))).await();
    relay.subscribe("conversation.1", e -> second.add(e.getString("text"))).await();
    relay.subscribe("conversation.2", e -> other.add(e.getString("text"))).await();

    relay.publish("conversation.1", new JsonObject().put("text", "hello")).await();
    waitFor(() -> first.size() == 1 && second.size() == 1);
    a.close().await();
    relay.publish("conversation.1", new JsonObject().put("text", "again")).await();
    waitFor(() -> second.size() == 2);

    assertEquals(List.of("hello"), first);
    assertEquals(List.of("hello", "again"), second);
    assertTrue(other.isEmpty());
    relay.close().await();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) Thread.sleep(10);
    assertTrue(condition.getAsBoolean(), "condition not reached in 2 s");
  }
}
