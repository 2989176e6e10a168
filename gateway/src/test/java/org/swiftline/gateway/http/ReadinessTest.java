package org.swiftline.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftline.gateway.GatewayVerticle;
import org.swiftline.gateway.Settings;

/** The gateway listens at once: live answers 200 while the knowledge base is indexed, ready 503 until then. */
class ReadinessTest {
  @TempDir Path kb;
  @TempDir Path data;

  @Test
  void readyAnswers503UntilTheKnowledgeBaseIsIndexedThen200() throws Exception {
    // Enough articles that indexing and calibration take a noticeable time with an empty cache.
    for (int a = 0; a < 120; a++) {
      StringBuilder md = new StringBuilder("---\ntitle: Topic " + a + "\nquestions:\n");
      for (int q = 0; q < 25; q++) md.append("  - question ").append(q).append(" about topic ").append(a).append(" word").append(a * 31 % 97).append('\n');
      md.append("---\nAnswer ").append(a).append(".\n");
      Path dir = Files.createDirectories(kb.resolve("articles/topic-" + a));
      Files.writeString(dir.resolve("en.md"), md, StandardCharsets.UTF_8);
    }
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Settings settings = Settings.from(new String[] {"--port", String.valueOf(port), "--kb", kb.toString(), "--data", data.toString()},
        Map.of("SWIFTLINE_EMBEDDINGS", "*=all-minilm-l6-v2-q"));
    Vertx vertx = Vertx.vertx();
    try {
      Future<String> deployed = vertx.deployVerticle(new GatewayVerticle(settings, Clock.systemUTC()));
      WebClient client = WebClient.create(vertx);
      boolean sawNotReady = false;
      boolean sawLive = false;
      while (!deployed.isComplete()) {
        var live = client.get(port, "127.0.0.1", "/health/live").send().transform(ar -> Future.succeededFuture(ar.succeeded() ? ar.result().statusCode() : -1)).await();
        var ready = client.get(port, "127.0.0.1", "/health/ready").send().transform(ar -> Future.succeededFuture(ar.succeeded() ? ar.result().statusCode() : -1)).await();
        if (live == 200 && ready == 503) {
          sawLive = true;
          sawNotReady = true;
        }
        Thread.sleep(50);
      }
      deployed.await();
      assertTrue(sawLive && sawNotReady, "while indexing, live was 200 and ready 503");
      assertEquals(200, client.get(port, "127.0.0.1", "/health/ready").send().await().statusCode());
    } finally {
      vertx.close().await();
    }
  }
}
