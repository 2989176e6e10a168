package org.swiftline.gateway.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.gateway.store.Conversation;
import org.swiftline.gateway.store.NewEntry;
import org.swiftline.gateway.store.Stores;

/** The write-ahead log is copied back in the background, so it does not grow without end, and nothing is lost. */
class CheckpointsTest {
  @TempDir Path folder;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void theLogStaysSmallWhileTurnsAreWrittenAndEveryTurnIsKept() throws Exception {
    Path file = folder.resolve("swiftline.db");
    Stores stores = SqliteStores.open(vertx, file, 20).await();
    String text = "x".repeat(10_000);
    Instant t0 = Instant.parse("2026-11-28T08:00:00Z");
    long largestLog = 0;
    // 6 MB of messages in all: without checkpoints (the writer's own are off) the log would hold all of it
    for (int round = 0; round < 30; round++) {
      for (int i = 0; i < 20; i++) {
        Conversation c = new Conversation("c-" + round + "-" + i, new ChannelIdentity("web", "u" + i), "en", t0, t0, new JsonObject());
        stores.conversations().record(c, List.of(new NewEntry("user", text, List.of(), "en", null, null, t0))).await();
      }
      Thread.sleep(60);
      largestLog = Math.max(largestLog, Files.size(folder.resolve("swiftline.db-wal")));
    }
    assertTrue(largestLog < 2_000_000, "the write-ahead log grew to " + largestLog + " bytes");
    stores.close().get().await();

    Stores reopened = SqliteStores.open(vertx, file).await();
    for (int round = 0; round < 30; round += 7) {
      assertEquals(text, reopened.conversations().transcript("c-" + round + "-19", 0, 10).await().get(0).text());
    }
    reopened.close().get().await();
  }
}
