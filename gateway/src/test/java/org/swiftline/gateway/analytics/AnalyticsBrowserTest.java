package org.swiftline.gateway.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.TestGateway;

/**
 * The standalone analytics page and charts.js in Debian's headless Chromium ({@code src/test/browser/charts.spec.mjs})
 * against the real gateway, with appeals and unanswered questions whose texts are HTML. Skipped when node,
 * Chromium or playwright-core is missing. The screenshot goes to {@code target/browser-screenshots/}.
 */
class AnalyticsBrowserTest {
  static final String ADMIN = "admin-token-for-the-charts-0123456789";
  static final String XSS = "<img src=x onerror=alert(1)>";
  static final Path SPEC_DIR = Path.of("src", "test", "browser").toAbsolutePath();
  static final Path SCREENSHOTS = Path.of("target", "browser-screenshots").toAbsolutePath();

  @Test
  void theChartsDrawEveryFigureAndShowCitizensTextAsText() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "chromium is not installed");
    assumeTrue(works("node", "--version"), "node is not installed");
    assumeTrue(Files.isDirectory(SPEC_DIR.resolve("node_modules/playwright-core")) || works("npm", "ci", "--no-audit", "--no-fund"),
        "playwright-core is not installed");
    Files.createDirectories(SCREENSHOTS);
    try (TestGateway gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase(), Map.of("SWIFTLINE_ADMIN_TOKEN", ADMIN))) {
      String key = gateway.client.post("/api/v1/admin/open311/keys").putHeader("Authorization", "Bearer " + ADMIN).send().await()
          .bodyAsJsonObject().getString("apiKey");
      for (int i = 0; i < 2; i++) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap();
        form.add("api_key", key).add("service_code", "streetlights").add("description", XSS + " the streetlight is broken")
            .add("address_string", "Xinjiekou street, Xicheng");
        HttpResponse<Buffer> r = gateway.client.post("/open311/v2/requests.json").sendForm(form).await();
        assertEquals(201, r.statusCode(), r.bodyAsString());
      }
      HttpResponse<Buffer> asked = gateway.chat(new JsonObject().put("userId", "charts").put("text", XSS + " where can I buy a peking duck"));
      assertEquals("no_answer", asked.bodyAsJsonObject().getString("outcome"), asked.bodyAsString());

      Process node = new ProcessBuilder("node", "charts.spec.mjs", String.valueOf(gateway.port), ADMIN, SCREENSHOTS.toString())
          .directory(SPEC_DIR.toFile()).redirectErrorStream(true).start();
      String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean ended = node.waitFor(3, TimeUnit.MINUTES);
      if (!ended) node.destroyForcibly();
      assertTrue(ended, "the browser spec ended in time");
      assertEquals(0, node.exitValue(), "browser spec failed:\n" + output);
      assertTrue(output.contains("browser: charts ok"), output);
    }
  }

  private static boolean works(String... command) {
    try {
      Process p = new ProcessBuilder(command).directory(SPEC_DIR.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(3, TimeUnit.MINUTES) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
