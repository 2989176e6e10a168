package org.swiftline.gateway.dialogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.RejectedMessage;
import org.swiftline.gateway.store.Lease;
import org.swiftline.gateway.store.PrivateRedis;
import org.swiftline.gateway.store.Stores;
import org.swiftline.gateway.store.redis.RedisStores;

/** Conversation leases between two instances (two Vert.x) on the real Redis at 127.0.0.1:6379. */
class ConversationLeasesTest {
  private static final String URL = "redis://127.0.0.1:6379/0";
  private final String prefix = "swiftline-test:" + UUID.randomUUID() + ":";
  private final Vertx one = Vertx.vertx();
  private final Vertx two = Vertx.vertx();

  @AfterEach
  void close() {
    one.close().await();
    two.close().await();
  }

  /** Work that takes a while, counting how many pieces run at once. */
  private static Future<Integer> work(Vertx vertx, AtomicInteger running, AtomicInteger most) {
    most.accumulateAndGet(running.incrementAndGet(), Math::max);
    Promise<Integer> done = Promise.promise();
    vertx.setTimer(15, id -> {
      running.decrementAndGet();
      done.complete(1);
    });
    return done.future();
  }

  @Test
  void twoInstancesNeverWorkOnOneConversationAtTheSameTime() {
    Stores a = RedisStores.open(one, URL, prefix).await();
    Stores b = RedisStores.open(two, URL, prefix).await();
    ConversationLeases onA = new ConversationLeases(one, a.leases(), Duration.ofSeconds(5), Duration.ofSeconds(30));
    ConversationLeases onB = new ConversationLeases(two, b.leases(), Duration.ofSeconds(5), Duration.ofSeconds(30));
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Future<Integer>> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add(onA.holding("c1", () -> work(one, running, most)));
      all.add(onB.holding("c1", () -> work(two, running, most)));
    }
    Future.all(all).await();
    assertEquals(1, most.get(), "at most one piece of work at a time");
    assertEquals(20, all.stream().mapToInt(Future::result).sum());
    assertEquals(true, a.leases().tryAcquire("conversation:c1", Duration.ofSeconds(1)).await().isPresent(),
        "released after the work");
  }

  @Test
  void aConversationHeldLongerThanThePatienceIsRefusedAsBusy() {
    Stores a = RedisStores.open(one, URL, prefix).await();
    Lease held = a.leases().tryAcquire("conversation:c2", Duration.ofSeconds(30)).await().orElseThrow();
    ConversationLeases onB = new ConversationLeases(two, RedisStores.open(two, URL, prefix).await().leases(),
        Duration.ofSeconds(5), Duration.ofMillis(300));
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> onB.holding("c2", () -> Future.succeededFuture(1)).await());
    RejectedMessage rejected = assertInstanceOf(RejectedMessage.class, e);
    assertEquals(RejectedMessage.Reason.UNAVAILABLE, rejected.reason());
    held.release().await();
    assertEquals(1, onB.holding("c2", () -> Future.succeededFuture(1)).await());
  }

  @Test
  void whenTheStoreIsUnreachableTheWorkRunsWithoutALease() {
    try (PrivateRedis server = new PrivateRedis()) {
      Stores stores = RedisStores.open(one, server.url(), prefix).await();
      ConversationLeases leases = new ConversationLeases(one, stores.leases(), Duration.ofSeconds(5), Duration.ofSeconds(5));
      server.stop();
      assertEquals(7, leases.holding("c3", () -> Future.succeededFuture(7)).await());
    }
  }
}
