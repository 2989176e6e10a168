package org.swiftline.gateway.llm;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A chat-model server on 127.0.0.1 for tests and the bench, speaking two real wire protocols: OpenAI's
 * chat completions ({@code POST /v1/chat/completions}, https://platform.openai.com/docs/api-reference/chat/create:
 * {@code {"choices": [{"message": {"role": "assistant", "content": ...}, "finish_reason": "stop"}], ...}})
 * and Ollama's chat ({@code POST /api/chat} with {@code "stream": false},
 * https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion:
 * {@code {"message": {"role": "assistant", "content": ...}, "done": true, ...}}). A test scripts the
 * answers with a function of the request and reads every request received.
 */
public final class LocalChatServer implements AutoCloseable {
  /** One request received: which protocol, its JSON body, and the system and user messages. */
  public record Request(String protocol, JsonObject body, String system, String user) {
    /** Which prompt this is, told by words only that template has. */
    public String prompt() {
      if (system.contains("<article") || user.contains("<article")) return Prompts.GROUNDED_ANSWER;
      if (user.contains("Translate this question")) return Prompts.QUERY_TRANSLATION;
      if (user.startsWith("Translate from")) return Prompts.TRANSLATION;
      if (system.contains("Districts (id: names)")) return Prompts.APPEAL_DRAFT;
      if (system.contains("brief an operator")) return Prompts.HANDOFF_SUMMARY;
      return "unknown";
    }
  }

  /**
   * What to answer.
   *
   * @param status the HTTP status
   * @param content the assistant's message content (for status 200), or the raw body when {@code raw}
   * @param delayMs how long to wait before answering
   */
  public record Answer(int status, String content, long delayMs, boolean raw) {
    public static Answer of(String content) {
      return new Answer(200, content, 0, false);
    }

    public static Answer json(JsonObject content) {
      return of(content.encode());
    }

    public static Answer status(int status) {
      return new Answer(status, new JsonObject().put("error", new JsonObject().put("message", "scripted failure")
          .put("type", "server_error")).encode(), 0, true);
    }

    public static Answer rawBody(String body) {
      return new Answer(200, body, 0, true);
    }

    public Answer delayed(long ms) {
      return new Answer(status, content, ms, raw);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private volatile Function<Request, Answer> script = r -> Answer.status(500);

  public LocalChatServer() {
    Router router = Router.router(vertx);
    router.post("/v1/chat/completions").handler(BodyHandler.create(false)).handler(ctx -> handle(ctx, "openai"));
    router.post("/api/chat").handler(BodyHandler.create(false)).handler(ctx -> handle(ctx, "ollama"));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  /** The base URL for {@code SWIFTLINE_LLM_BASE_URL} with {@code openai}. */
  public String openAiUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/v1";
  }

  /** The base URL for {@code SWIFTLINE_LLM_BASE_URL} with {@code ollama}. */
  public String ollamaUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Answers every request from now on with {@code script}. */
  public void script(Function<Request, Answer> script) {
    this.script = script;
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  public synchronized void clear() {
    requests.clear();
  }

  private void handle(RoutingContext ctx, String protocol) {
    JsonObject body = ctx.body().asJsonObject();
    String system = "";
    StringBuilder user = new StringBuilder();
    for (Object o : body.getJsonArray("messages", new JsonArray())) {
      JsonObject m = (JsonObject) o;
      Object content = m.getValue("content");
      String text = content instanceof String s ? s : content instanceof JsonArray parts && !parts.isEmpty()
          ? parts.getJsonObject(0).getString("text", "") : "";
      if ("system".equals(m.getString("role"))) system = text;
      else if ("user".equals(m.getString("role"))) user.append(text);
    }
    Request request = new Request(protocol, body, system, user.toString());
    synchronized (this) {
      requests.add(request);
    }
    Answer answer = script.apply(request);
    Runnable reply = () -> {
      if (ctx.response().closed()) return;
      ctx.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json");
      if (answer.raw()) {
        ctx.response().end(answer.content());
        return;
      }
      String model = body.getString("model", "test-model");
      JsonObject message = new JsonObject().put("role", "assistant").put("content", answer.content());
      ctx.response().end(protocol.equals("openai")
          ? new JsonObject().put("id", "chatcmpl-local").put("object", "chat.completion").put("created", 1_700_000_000L)
              .put("model", model)
              .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("message", message)
                  .put("finish_reason", "stop")))
              .put("usage", new JsonObject().put("prompt_tokens", 10).put("completion_tokens", 10).put("total_tokens", 20))
              .encode()
          : new JsonObject().put("model", model).put("created_at", "2026-11-28T12:00:00Z").put("message", message)
              .put("done", true).put("done_reason", "stop").put("prompt_eval_count", 10).put("eval_count", 10).encode());
    };
    if (answer.delayMs() > 0) vertx.setTimer(answer.delayMs(), t -> reply.run());
    else reply.run();
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
