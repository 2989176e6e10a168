package org.swiftline.gateway.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The model client with LangChain4j's real OpenAI and Ollama clients against a local server speaking their
 * protocols: answers, HTTP errors that open and half-open the circuit, malformed bodies, slow answers, the
 * per-minute budget.
 */
class ModelClientTest {
  private static final PromptTemplate.Rendered PROMPT = new PromptTemplate.Rendered("test", 1, "You are a test.", "Say hi.");

  /** A clock the test moves by hand. */
  static final class HandClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T10:00:05Z"));

    void advanceMillis(long ms) {
      now.updateAndGet(i -> i.plusMillis(ms));
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  private LocalChatServer server;
  private Vertx vertx;
  private WorkerExecutor pool;
  private final HandClock clock = new HandClock();

  @BeforeEach
  void start() {
    server = new LocalChatServer();
    vertx = Vertx.vertx();
    pool = vertx.createSharedWorkerExecutor("test-llm", 4);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
    server.close();
  }

  private ModelClient client(String provider, int failures, int perMinute, int timeoutMs) {
    Map<String, String> env = new HashMap<>();
    env.put("SWIFTLINE_LLM_PROVIDER", provider);
    env.put("SWIFTLINE_LLM_BASE_URL", provider.equals("openai") ? server.openAiUrl() : server.ollamaUrl());
    env.put("SWIFTLINE_LLM_MODEL", "test-model");
    env.put("SWIFTLINE_LLM_TIMEOUT_MS", String.valueOf(timeoutMs));
    LlmSettings settings = LlmSettings.from(env::get);
    return new ModelClient(ChatModels.create(settings), pool, new CircuitBreaker(failures, 30_000, clock),
        new CallBudget(perMinute, clock));
  }

  private static ModelUnavailable.Reason failure(Future<String> call) {
    Throwable e = call.transform(Future::succeededFuture).await().cause();
    return assertInstanceOf(ModelUnavailable.class, e).reason();
  }

  @Test
  void getsTheAnswerThroughTheOpenAiProtocol() {
    server.script(r -> LocalChatServer.Answer.of("hello"));
    assertEquals("hello", client("openai", 3, 100, 5000).call(PROMPT, false, 5000).await());
    LocalChatServer.Request sent = server.requests().get(0);
    assertEquals("openai", sent.protocol());
    assertEquals("test-model", sent.body().getString("model"));
    assertEquals("You are a test.", sent.system());
    assertEquals("Say hi.", sent.user());
  }

  @Test
  void getsTheAnswerThroughTheOllamaProtocol() {
    server.script(r -> LocalChatServer.Answer.of("{\"ok\": true}"));
    assertEquals("{\"ok\": true}", client("ollama", 3, 100, 5000).call(PROMPT, true, 5000).await());
    LocalChatServer.Request sent = server.requests().get(0);
    assertEquals("ollama", sent.protocol());
    assertEquals("json", sent.body().getString("format"));
  }

  @Test
  void repeatedServerErrorsOpenTheCircuitWhichHalfOpensLater() {
    server.script(r -> LocalChatServer.Answer.status(500));
    ModelClient client = client("openai", 3, 100, 5000);
    for (int i = 0; i < 3; i++) assertEquals(ModelUnavailable.Reason.ERROR, failure(client.call(PROMPT, false, 5000)));
    assertEquals(CircuitBreaker.State.OPEN, client.circuit());

    // Open: refused without a request.
    assertEquals(ModelUnavailable.Reason.CIRCUIT_OPEN, failure(client.call(PROMPT, false, 5000)));
    assertEquals(3, server.requests().size());

    // Half-open after the open time: one trial call goes out; its failure opens the circuit again.
    clock.advanceMillis(30_000);
    assertEquals(CircuitBreaker.State.HALF_OPEN, client.circuit());
    assertEquals(ModelUnavailable.Reason.ERROR, failure(client.call(PROMPT, false, 5000)));
    assertEquals(4, server.requests().size());
    assertEquals(CircuitBreaker.State.OPEN, client.circuit());

    // The next trial succeeds and closes it.
    clock.advanceMillis(30_000);
    server.script(r -> LocalChatServer.Answer.of("back"));
    assertEquals("back", client.call(PROMPT, false, 5000).await());
    assertEquals(CircuitBreaker.State.CLOSED, client.circuit());
  }

  @Test
  void aBodyThatIsNotJsonIsAFailure() {
    server.script(r -> LocalChatServer.Answer.rawBody("{\"choices\": [ this is not json"));
    assertEquals(ModelUnavailable.Reason.ERROR, failure(client("openai", 3, 100, 5000).call(PROMPT, false, 5000)));
  }

  @Test
  void aSlowAnswerTimesOut() {
    server.script(r -> LocalChatServer.Answer.of("late").delayed(3000));
    assertEquals(ModelUnavailable.Reason.TIMEOUT, failure(client("openai", 3, 100, 5000).call(PROMPT, false, 200)));
  }

  @Test
  void theBudgetStopsCallsUntilTheNextMinute() {
    server.script(r -> LocalChatServer.Answer.of("ok"));
    ModelClient client = client("openai", 3, 2, 5000);
    client.call(PROMPT, false, 5000).await();
    client.call(PROMPT, false, 5000).await();
    assertEquals(ModelUnavailable.Reason.BUDGET, failure(client.call(PROMPT, false, 5000)));
    assertEquals(2, server.requests().size());

    clock.advanceMillis(60_000);
    assertEquals("ok", client.call(PROMPT, false, 5000).await());
    assertTrue(client.status().getJsonObject("failed").getLong("budget") >= 1);
  }
}
