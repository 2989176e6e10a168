package org.swiftline.gateway.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
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
import org.swiftline.gateway.TestGateway;
import org.swiftline.gateway.llm.LocalChatServer;
import org.swiftline.gateway.llm.Prompts;
import org.swiftline.gateway.operators.OperatorCommand;

/**
 * The model's help in the operator console, in headless Chromium ({@code src/test/browser/translation.spec.mjs}):
 * the gateway's model is a local OpenAI-compatible server that answers the translation and hand-off summary
 * prompts; an English-only operator reads a Chinese-speaking person's messages translated and replies in
 * English, and the person receives the reply in Chinese with the original below it.
 */
class OperatorTranslationBrowserTest {
  static final String OPERATOR = "sam";
  static final String PASSWORD = "sam-speaks-english-only";

  static LocalChatServer model;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    model = new LocalChatServer();
    model.script(r -> switch (r.prompt()) {
      case Prompts.TRANSLATION -> LocalChatServer.Answer.of(r.user().contains("签证")
          ? "My visa is about to expire, what should I do?"
          : r.user().contains("Hello, I am Sam") ? "您好，我是Sam。请带上护照。" : "(no scripted translation)");
      case Prompts.HANDOFF_SUMMARY -> LocalChatServer.Answer.of("The person's visa expires soon; they asked for an operator.");
      default -> LocalChatServer.Answer.status(500);
    });
    Path data = TestGateway.newData();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int created = OperatorCommand.run(new String[] {"operator", "add", "--name", OPERATOR, "--role", "operator",
        "--languages", "en", "--data", data.toString()}, Map.of(),
        new ByteArrayInputStream((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
    assertEquals(0, created, err.toString());
    gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase(), data, Map.of(
        "SWIFTLINE_LLM_PROVIDER", "openai",
        "SWIFTLINE_LLM_BASE_URL", model.openAiUrl(),
        "SWIFTLINE_LLM_MODEL", "local-test-model",
        "SWIFTLINE_LLM_FEATURES", "translate,summary",
        "SWIFTLINE_LLM_TIMEOUT_MS", "3000",
        // nobody speaks Chinese here: the escalation is offered to everyone at once
        "SWIFTLINE_OPERATOR_LANGUAGE_WAIT", "0"));
    // One turn first, so that the browser's first question does not wait for the models to warm up.
    assertEquals(200, gateway.chat(new io.vertx.core.json.JsonObject().put("userId", "warm-up").put("text", "签证怎么延期")).statusCode());
  }

  @AfterAll
  static void stop() {
    if (gateway != null) gateway.close();
    if (model != null) model.close();
  }

  @Test
  void anOperatorReadsAndAnswersAPersonInALanguageTheyDoNotSpeak() throws Exception {
    assumeTrue(Files.isExecutable(WebChatBrowserTest.CHROMIUM), WebChatBrowserTest.CHROMIUM + " is not installed");
    Path specs = WebChatBrowserTest.SPEC_DIR;
    assumeTrue(Files.isDirectory(specs.resolve("node_modules").resolve("playwright-core")), "npm ci in " + specs);
    Files.createDirectories(OperatorConsoleBrowserTest.SCREENSHOTS);
    Process node = new ProcessBuilder("node", "translation.spec.mjs", String.valueOf(gateway.port),
        OperatorConsoleBrowserTest.SCREENSHOTS.toString(), OPERATOR, PASSWORD)
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
    boolean ended = node.waitFor(3, TimeUnit.MINUTES);
    if (!ended) node.destroyForcibly();
    assertTrue(ended, "the browser spec ended in time");
    assertEquals(0, node.exitValue(), "browser spec failed; see the output above");
    assertTrue(log.contains("browser: translation scenario ok"), "the spec ran to its end");
    // what left for the model: the person's words to translate, and the operator's
    assertTrue(model.requests().stream().anyMatch(r -> r.prompt().equals(Prompts.TRANSLATION) && r.user().contains("签证")));
    assertTrue(model.requests().stream().anyMatch(r -> r.prompt().equals(Prompts.HANDOFF_SUMMARY)));
  }
}
