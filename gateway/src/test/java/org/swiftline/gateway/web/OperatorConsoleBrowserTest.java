package org.swiftline.gateway.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.Main;
import org.swiftline.gateway.TestGateway;

/**
 * The operator console and the supervisor view in a real browser (Debian's headless Chromium driven by
 * playwright-core from {@code src/test/browser/console.spec.mjs}) against the real gateway, with the chat
 * widget in another browser context as the person; plus the headers the console is served with. The
 * administrator is created with the command line ({@code operator add}) on the gateway's data folder
 * before it starts. Skipped only when node or Chromium is missing. Screenshots go to
 * {@code target/screenshots/}.
 */
class OperatorConsoleBrowserTest {
  static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
  static final String ADMIN = "ada";
  static final String ADMIN_PASSWORD = "ada-keeps-a-long-passphrase";

  static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    Path data = Files.createTempDirectory("swiftline-console-test");
    Path shared = Path.of("target", "shared-cache").toAbsolutePath();
    for (String dir : new String[] {"embeddings", "cache"}) {
      Files.createDirectories(shared.resolve(dir));
      Files.createSymbolicLink(data.resolve(dir), shared.resolve(dir));
    }
    Path kb = TestGateway.repositoryKnowledgeBase();
    // The command line an administrator uses, on the same data folder (the password from the environment).
    ProcessBuilder add = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "operator", "add", "--name", ADMIN, "--role", "admin", "--languages", "en,zh",
        "--kb", kb.toString(), "--data", data.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT);
    add.environment().put("SWIFTLINE_OPERATOR_PASSWORD", ADMIN_PASSWORD);
    Process p = add.start();
    assertTrue(p.waitFor(3, TimeUnit.MINUTES), "operator add ended");
    assertEquals(0, p.exitValue(), "operator add succeeded");
    gateway = TestGateway.start(kb, data, Map.of());
    // One turn first, so that the browser's first question does not wait for the models to warm up.
    assertEquals(200, gateway.chat(new JsonObject().put("userId", "warm-up").put("text", "how can I extend my visa?")).statusCode());
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
  }

  @Test
  void servesConsolePagesWithTheWebPagesHeaders() {
    for (String page : List.of("/console/", "/console/supervisor.html")) {
      HttpResponse<Buffer> r = gateway.get(page);
      assertEquals(200, r.statusCode(), page);
      assertTrue(r.getHeader("Content-Type").startsWith("text/html"), page);
      assertEquals(WebHeaders.CONTENT_SECURITY_POLICY, r.getHeader("Content-Security-Policy"), page);
      assertEquals("no-cache", r.getHeader("Cache-Control"), page);
      assertEquals("nosniff", r.getHeader("X-Content-Type-Options"), page);
      assertEquals("same-origin", r.getHeader("Cross-Origin-Resource-Policy"), page);
      assertEquals(null, r.getHeader("Access-Control-Allow-Origin"), page + ": not for other sites");
    }
    assertTrue(gateway.get("/console/supervisor.html").bodyAsString().contains("<section id=\"charts\""));
    for (String file : List.of("console.js", "api.js", "dom.js", "i18n.js", "supervisor.js", "console.css")) {
      HttpResponse<Buffer> r = gateway.get("/console/" + file);
      assertEquals(200, r.statusCode(), file);
      assertEquals("public, max-age=3600", r.getHeader("Cache-Control"), file);
      String type = r.getHeader("Content-Type");
      assertTrue(file.endsWith(".css") ? type.startsWith("text/css") : type.contains("javascript"), file + ": " + type);
    }
    HttpResponse<Buffer> bare = gateway.client.get("/console").followRedirects(false).send().await();
    assertEquals(302, bare.statusCode());
    assertEquals("/console/", bare.getHeader("Location"));
    assertEquals(404, gateway.get("/console/../swiftline/messages_en.properties").statusCode());
    assertEquals(404, gateway.get("/console/missing.js").statusCode());
  }

  @Test
  void operatorConsoleWorksInHeadlessChromiumWithThePersonInTheWidget() throws Exception {
    assumeTrue(commandWorks(Path.of("."), false, "node", "--version"), "node is not installed");
    assumeTrue(Files.isExecutable(WebChatBrowserTest.CHROMIUM), WebChatBrowserTest.CHROMIUM + " is not installed");
    Path specs = WebChatBrowserTest.SPEC_DIR;
    if (!Files.isDirectory(specs.resolve("node_modules").resolve("playwright-core"))) {
      assertTrue(commandWorks(specs, true, "npm", "ci", "--no-audit", "--no-fund"), "npm ci in " + specs);
    }
    Files.createDirectories(SCREENSHOTS);
    try (var old = Files.list(SCREENSHOTS)) {
      old.filter(p -> p.getFileName().toString().startsWith("console-")).forEach(p -> p.toFile().delete());
    }
    Process node = new ProcessBuilder("node", "console.spec.mjs", String.valueOf(gateway.port), SCREENSHOTS.toString(),
        ADMIN, ADMIN_PASSWORD)
        .directory(specs.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    node.getOutputStream().close();
    List<String> log = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        System.out.println("[browser] " + line);
        log.add(line);
      }
    }
    boolean ended = node.waitFor(5, TimeUnit.MINUTES);
    if (!ended) node.destroyForcibly();
    assertTrue(ended, "the browser spec ended in time");
    assertEquals(0, node.exitValue(), "browser spec failed; see the output above and " + SCREENSHOTS);
    assertTrue(log.contains("browser: all console scenarios ok"), "the spec ran to its end");
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
