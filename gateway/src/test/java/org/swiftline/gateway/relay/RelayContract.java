package org.swiftline.gateway.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Relay} that every implementation passes. To test one, extend this class and open
 * a relay in {@link #open}; {@link #relay} is closed afterwards.
 */
public abstract class RelayContract {
  protected Vertx vertx;
  protected Relay relay;

  /** Opens the relay under test on {@code vertx}. */
  protected abstract Relay open(Vertx vertx);

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    relay = open(vertx);
  }

  @AfterEach
  void tearDown() throws Exception {
    relay.close().await();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void deliversToEverySubscriberOfTheTopicUntilTheyUnsubscribe() throws Exception {
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
  }

  @Test
  void eventsOfOneTopicArriveInTheOrderTheyWerePublishedWithAnyText() throws Exception {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    relay.subscribe("operators.queue", received::add).await();
    for (int i = 0; i < 50; i++) {
      relay.publish("operators.queue", new JsonObject().put("n", i).put("text", "签证 \"延期\"\n" + i)).await();
    }
    waitFor(() -> received.size() == 50);
    for (int i = 0; i < 50; i++) {
      assertEquals(i, received.get(i).getInteger("n"));
      assertEquals("签证 \"延期\"\n" + i, received.get(i).getString("text"));
    }
  }

  @Test
  void aClosedRelayDeliversNothingMore() throws Exception {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    relay.subscribe("t", received::add).await();
    relay.publish("t", new JsonObject().put("n", 1)).await();
    waitFor(() -> received.size() == 1);
    relay.close().await();
    Relay other = open(vertx);
    try {
      List<JsonObject> seen = new CopyOnWriteArrayList<>();
      other.subscribe("t", seen::add).await();
      other.publish("t", new JsonObject().put("n", 2)).await();
      waitFor(() -> seen.size() == 1);
      assertEquals(1, received.size(), "the closed relay's subscriber got nothing more");
    } finally {
      other.close().await();
    }
  }

  protected static void waitFor(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) Thread.sleep(10);
    assertTrue(condition.getAsBoolean(), "condition not reached in 10 s");
  }
}
