package org.swiftline.gateway.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.Outbound;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.bots.web.WebChatAdapter;
import org.swiftline.bots.web.WebChatMapping;
import org.swiftline.gateway.TestGateway;

/**
 * The web chat widget in a real browser (Debian's headless Chromium driven by playwright-core from
 * {@code src/test/browser/widget.spec.mjs}) against the real gateway, plus the headers the gateway serves
 * the widget with. Skipped only when node or Chromium is missing; {@code .ci/run} installs both.
 * Screenshots go to {@code target/browser-screenshots/}.
 */
class WebChatBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SPEC_DIR = Path.of("src", "test", "browser").toAbsolutePath();
  static final Path SCREENSHOTS = Path.of("target", "browser-screenshots").toAbsolutePath();

  static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase());
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
  }

  @Test
  void servesDemoPageWithStrictContentSecurityPolicyAndRevalidation() {
    HttpResponse<Buffer> page = gateway.get("/");
    assertEquals(200, page.statusCode());
    assertTrue(page.getHeader("Content-Type").startsWith("text/html"), page.getHeader("Content-Type"));
    assertTrue(page.bodyAsString().contains("widget/swiftline-widget.js"));
    String csp = page.getHeader("Content-Security-Policy");
    assertEquals(WebHeaders.CONTENT_SECURITY_POLICY, csp);
    assertTrue(csp.contains("default-src 'self'") && csp.contains("connect-src 'self' ws: wss:")
        && csp.contains("object-src 'none'") && !csp.contains("unsafe"), csp);
    assertEquals("no-cache", page.getHeader("Cache-Control"));
    assertEquals("nosniff", page.getHeader("X-Content-Type-Options"));
    assertEquals("no-referrer", page.getHeader("Referrer-Policy"));
  }

  @Test
  void servesWidgetFilesCacheableAndLoadableFromOtherSites() {
    for (String file : List.of("swiftline-widget.js", "connection.js", "markdown.js", "i18n.js", "swiftline-widget.css")) {
      HttpResponse<Buffer> r = gateway.get("/widget/" + file);
      assertEquals(200, r.statusCode(), file);
      assertEquals("public, max-age=3600", r.getHeader("Cache-Control"), file);
      assertTrue(r.getHeader("Last-Modified") != null, file);
      assertEquals("*", r.getHeader("Access-Control-Allow-Origin"), file);
      assertEquals("cross-origin", r.getHeader("Cross-Origin-Resource-Policy"), file);
      String type = r.getHeader("Content-Type");
      assertTrue(file.endsWith(".css") ? type.startsWith("text/css") : type.contains("javascript"), file + ": " + type);
    }
    HttpResponse<Buffer> revalidated = gateway.client.get("/widget/markdown.js")
        .putHeader("If-Modified-Since", gateway.get("/widget/markdown.js").getHeader("Last-Modified"))
        .send().await();
    assertEquals(304, revalidated.statusCode());
  }

  @Test
  void servesNothingOutsideTheWebrootFolders() {
    assertEquals(404, gateway.get("/widget/").statusCode());
    assertEquals(404, gateway.get("/widget/../swiftline/messages_en.properties").statusCode());
    assertEquals(404, gateway.get("/swiftline/messages_en.properties").statusCode());
    assertEquals(404, gateway.get("/webroot/index.html").statusCode());
    // The API still answers with JSON errors, not pages.
    HttpResponse<Buffer> api = gateway.get("/api/v1/chat/unknown/messages?userId=u");
    assertEquals(404, api.statusCode());
    assertTrue(api.getHeader("Content-Type").startsWith("application/json"));
  }

  @Test
  void widgetWorksInHeadlessChromium() throws Exception {
    assumeTrue(commandWorks(Path.of("."), false, "node", "--version"), "node is not installed");
    assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is not installed (apt-get install -y chromium)");
    if (!Files.isDirectory(SPEC_DIR.resolve("node_modules").resolve("playwright-core"))) {
      assertTrue(commandWorks(SPEC_DIR, true, "npm", "ci", "--no-audit", "--no-fund"), "npm ci in " + SPEC_DIR);
    }
    Files.createDirectories(SCREENSHOTS);
    try (var old = Files.list(SCREENSHOTS)) {
      old.filter(p -> p.toString().endsWith(".png")).forEach(p -> p.toFile().delete());
    }

    Process node = new ProcessBuilder("node", "widget.spec.mjs", String.valueOf(gateway.port), SCREENSHOTS.toString())
        .directory(SPEC_DIR.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    List<String> log = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        OutputStream in = node.getOutputStream()) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("@@")) {
          String reply = "@@done " + serve(line).encode() + "\n";
          in.write(reply.getBytes(StandardCharsets.UTF_8));
          in.flush();
        } else {
          System.out.println("[browser] " + line);
          log.add(line);
        }
      }
    }
    boolean ended = node.waitFor(5, TimeUnit.MINUTES);
    if (!ended) node.destroyForcibly();
    assertTrue(ended, "the browser spec ended in time");
    assertEquals(0, node.exitValue(), "browser spec failed; see the output above and " + SCREENSHOTS);
    assertTrue(log.contains("browser: all widget scenarios ok"), "the spec ran to its end");
  }

  /** Carries out a command of the spec (see widget.spec.mjs) and answers {@code {...}} or {@code {"error"}}. */
  private static JsonObject serve(String line) {
    int space = line.indexOf(' ');
    String command = line.substring(2, space);
    JsonObject body = new JsonObject(line.substring(space + 1));
    String userId = body.getString("userId");
    String conversationId = body.getString("conversationId");
    try {
      HttpResponse<Buffer> posted = gateway.chat(new JsonObject()
          .put("userId", userId).put("conversationId", conversationId).put("text", body.getString("text")));
      if (posted.statusCode() != 200) return new JsonObject().put("error", posted.bodyAsString());
      JsonObject turn = posted.bodyAsJsonObject();
      long lastSeq = turn.getLong("lastSeq");
      long firstSeq = lastSeq - turn.getJsonArray("replies").size(); // the person's message
      switch (command) {
        case "push" -> {
          // The way an operator's reply or an appeal notification will reach the person: the entries are
          // in the transcript, and the web channel sends them to the conversation's open sockets.
          List<TranscriptEntry> entries = transcript(userId, conversationId, firstSeq - 1);
          webChannel().send(new Outbound(new ChannelIdentity(WebChatMapping.CHANNEL, userId), conversationId, entries))
              .await();
        }
        case "drop" -> webChannel().stop().await(); // closes every socket, as a network drop or restart would
        case "post" -> {} // REST only: the widget must find it by itself
        default -> {
          return new JsonObject().put("error", "unknown command " + command);
        }
      }
      return new JsonObject().put("lastSeq", lastSeq);
    } catch (RuntimeException e) {
      return new JsonObject().put("error", String.valueOf(e));
    }
  }

  private static List<TranscriptEntry> transcript(String userId, String conversationId, long after) {
    HttpResponse<Buffer> r = gateway.get("/api/v1/chat/" + conversationId + "/messages?userId="
        + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "&after=" + after);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    List<TranscriptEntry> entries = new ArrayList<>();
    for (Object o : r.bodyAsJsonObject().getJsonArray("messages")) {
      JsonObject m = (JsonObject) o;
      List<QuickReply> quick = new ArrayList<>();
      for (Object q : m.getJsonArray("quickReplies", new JsonArray())) {
        quick.add(new QuickReply(((JsonObject) q).getString("title"), ((JsonObject) q).getString("payload")));
      }
      entries.add(new TranscriptEntry(m.getLong("seq"), m.getString("author"), m.getString("text"), quick,
          m.getString("language"), Instant.parse(m.getString("at"))));
    }
    assertTrue(entries.size() >= 2, "the posted turn is in the transcript");
    return entries;
  }

  /** The running gateway's web channel, to push messages to the widget and to drop its sockets. */
  private static WebChatAdapter webChannel() {
    return (WebChatAdapter) gateway.verticle.channels().adapter(WebChatMapping.CHANNEL).orElseThrow();
  }

  private static boolean commandWorks(Path dir, boolean showOutput, String... command) {
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(showOutput ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
