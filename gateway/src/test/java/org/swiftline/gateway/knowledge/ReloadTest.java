package org.swiftline.gateway.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftline.gateway.TestGateway;

/** Live reload while serving: a new article becomes answerable; a broken file keeps the old one serving. */
class ReloadTest {
  @TempDir Path kb;

  private void article(String id, String title, String question, String body) throws IOException {
    Path dir = Files.createDirectories(kb.resolve("articles").resolve(id));
    Files.writeString(dir.resolve("en.md"), "---\ntitle: " + title + "\nquestions:\n  - " + question
        + "\n  - " + question + " please\n  - about " + question + "\n---\n" + body + "\n", StandardCharsets.UTF_8);
  }

  private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (condition.getAsBoolean()) return true;
      Thread.sleep(100);
    }
    return false;
  }

  @Test
  void reloadsWhileServingAndKeepsTheOldKnowledgeBaseOnAnError() throws Exception {
    article("streetlights", "Broken streetlights", "the streetlight is broken", "Report the pole number.");
    article("heating", "Heating problems", "my radiator is cold", "Call the heating company.");
    article("water", "Water outage", "no water in my flat", "Call 96116.");
    try (TestGateway gateway = TestGateway.start(kb, Map.of("SWIFTLINE_KB_RELOAD_MS", "100"))) {
      assertEquals(3, gateway.get("/api/v1/knowledge-base").bodyAsJsonObject().getInteger("articles"));
      AtomicBoolean failed = new AtomicBoolean();
      AtomicInteger served = new AtomicInteger();
      Thread traffic = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          var r = gateway.chat(new JsonObject().put("userId", "t").put("text", "my radiator is cold"));
          if (r.statusCode() != 200) failed.set(true);
          served.incrementAndGet();
        }
      });
      traffic.start();
      try {
        article("parking", "Illegal parking", "a car blocks my gate", "Call the traffic police on 122.");
        assertTrue(waitFor(() -> gateway.get("/api/v1/knowledge-base").bodyAsJsonObject().getInteger("articles") == 4),
            "the new article is loaded");
        JsonObject turn = gateway.chat(new JsonObject().put("userId", "u").put("text", "a car blocks my gate")).bodyAsJsonObject();
        assertNotNull(turn.getValue("match"), turn.encodePrettily());
        assertEquals("parking", turn.getJsonObject("match").getString("articleId"));

        Files.writeString(kb.resolve("articles/parking/en.md"), "---\ntitle: [broken\n---\n", StandardCharsets.UTF_8);
        assertTrue(waitFor(() -> gateway.get("/api/v1/knowledge-base").bodyAsJsonObject().getString("lastError") != null),
            "the problem is reported");
        JsonObject status = gateway.get("/api/v1/knowledge-base").bodyAsJsonObject();
        assertTrue(status.getString("lastError").contains("parking/en.md"), status.getString("lastError"));
        assertEquals(4, status.getInteger("articles"), "the previous knowledge base keeps serving");
        assertEquals(200, gateway.get("/health/ready").statusCode());
        JsonObject still = gateway.chat(new JsonObject().put("userId", "u").put("text", "a car blocks my gate")).bodyAsJsonObject();
        assertEquals("parking", still.getJsonObject("match").getString("articleId"));
      } finally {
        traffic.interrupt();
        traffic.join();
      }
      assertTrue(served.get() > 0);
      assertTrue(!failed.get(), "no turn failed during the reloads");
    }
  }

  @Test
  void aMalformedKnowledgeBaseStopsStartUpNamingTheFile() throws IOException {
    article("ok", "Fine", "a fine question", "A fine answer.");
    Files.writeString(kb.resolve("articles/ok/fr.md"), "no front matter\n", StandardCharsets.UTF_8);
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> TestGateway.start(kb).close());
    assertTrue(e.getMessage().contains("ok/fr.md"), e.getMessage());
  }
}
