package org.swiftline.gateway.llm;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one door to the language model: every call takes one from the per-minute {@link CallBudget}, asks
 * the {@link CircuitBreaker}, runs LangChain4j's blocking {@link ChatModel} on the dedicated worker pool
 * (never the event loop) and gives up after the caller's time limit, so that a feature can fall back in
 * time. Failures (errors, HTTP errors, timeouts) count towards opening the circuit; an exhausted budget
 * or an open circuit fails at once without a call. Thread-safe.
 */
public final class ModelClient {
  private static final System.Logger LOG = System.getLogger("swiftline.llm");

  private final ChatModel model;
  private final WorkerExecutor pool;
  private final CircuitBreaker breaker;
  private final CallBudget budget;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final Map<ModelUnavailable.Reason, AtomicLong> failed = new EnumMap<>(ModelUnavailable.Reason.class);

  public ModelClient(ChatModel model, WorkerExecutor pool, CircuitBreaker breaker, CallBudget budget) {
    this.model = model;
    this.pool = pool;
    this.breaker = breaker;
    this.budget = budget;
    for (ModelUnavailable.Reason r : ModelUnavailable.Reason.values()) failed.put(r, new AtomicLong());
  }

  /**
   * Sends a rendered prompt.
   *
   * @param json whether to ask for a JSON object (OpenAI's {@code response_format}, Ollama's {@code format})
   * @param timeoutMillis the time this call may take, queueing for a worker included
   * @return a future that succeeds with the model's text, or fails with {@link ModelUnavailable} (budget used
   *     up, circuit open, timeout, error)
   */
  public Future<String> call(PromptTemplate.Rendered prompt, boolean json, long timeoutMillis) {
    if (timeoutMillis < 1) return fail(ModelUnavailable.Reason.TIMEOUT, "no time left for " + prompt.name());
    if (!budget.tryTake()) return fail(ModelUnavailable.Reason.BUDGET, "the per-minute call budget is used up");
    if (!breaker.allow()) return fail(ModelUnavailable.Reason.CIRCUIT_OPEN, "the circuit is open after repeated failures");
    calls.incrementAndGet();
    ChatRequest request = ChatRequest.builder()
        .messages(SystemMessage.from(prompt.system()), UserMessage.from(prompt.user()))
        .responseFormat(json ? ResponseFormat.JSON : ResponseFormat.TEXT)
        .build();
    long t0 = System.nanoTime();
    return pool.<String>executeBlocking(() -> {
          ChatResponse response = model.chat(request);
          String text = response.aiMessage() == null ? null : response.aiMessage().text();
          if (text == null) throw new IllegalStateException("the model's answer has no text");
          return text;
        }, false)
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .transform(done -> {
          long ms = (System.nanoTime() - t0) / 1_000_000;
          if (done.succeeded()) {
            breaker.success();
            succeeded.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, "llm.call.ok prompt={0} version={1} ms={2}", prompt.name(), prompt.version(), ms);
            return Future.succeededFuture(done.result());
          }
          breaker.failure();
          Throwable e = done.cause();
          boolean timeout = e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout")
              || (e.getCause() != null && e.getCause().getClass().getSimpleName().contains("Timeout"));
          ModelUnavailable.Reason reason = timeout ? ModelUnavailable.Reason.TIMEOUT : ModelUnavailable.Reason.ERROR;
          failed.get(reason).incrementAndGet();
          LOG.log(System.Logger.Level.WARNING, "llm.call.failed prompt={0} reason={1} ms={2} error={3}", prompt.name(),
              reason, ms, e.getClass().getSimpleName());
          return Future.failedFuture(new ModelUnavailable(reason, prompt.name() + ": " + e.getClass().getSimpleName()));
        });
  }

  /**
   * Records that a feature could not use an answer the model gave: {@code MALFORMED} (not the JSON asked
   * for) or {@code REJECTED} (it failed a check). Neither counts towards opening the circuit.
   */
  void unusable(String prompt, ModelUnavailable.Reason reason, String why) {
    failed.get(reason).incrementAndGet();
    LOG.log(System.Logger.Level.INFO, "llm.answer.unusable prompt={0} reason={1} why={2}", prompt, reason, why);
  }

  /** The circuit's state: {@code closed}, {@code open} or {@code half_open}. */
  public CircuitBreaker.State circuit() {
    return breaker.state();
  }

  /** Counters since start, for the status route and the bench. */
  public JsonObject status() {
    JsonObject failures = new JsonObject();
    failed.forEach((r, n) -> failures.put(r.name().toLowerCase(java.util.Locale.ROOT), n.get()));
    return new JsonObject().put("circuit", breaker.state().name().toLowerCase(java.util.Locale.ROOT))
        .put("calls", calls.get()).put("succeeded", succeeded.get()).put("failed", failures);
  }

  private Future<String> fail(ModelUnavailable.Reason reason, String message) {
    failed.get(reason).incrementAndGet();
    LOG.log(System.Logger.Level.DEBUG, "llm.call.skipped reason={0}", reason);
    return Future.failedFuture(new ModelUnavailable(reason, message));
  }
}
