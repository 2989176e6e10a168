package org.swiftline.gateway.channels;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A Telegram Bot API server on 127.0.0.1 for tests, speaking the real wire format
 * (https://core.telegram.org/bots/api#making-requests): {@code /bot<token>/<method>} with JSON, form or
 * multipart parameters, answers {@code {"ok": true, "result": ...}} or {@code {"ok": false, "error_code",
 * "description", "parameters"?}}. It keeps updates as Telegram does: {@code getUpdates} returns those with
 * {@code update_id >= offset}, forgets the ones below the offset, and holds the call up to {@code timeout}
 * seconds when there are none. Tests push updates, script failures and read every call made.
 */
public final class LocalBotApi implements AutoCloseable {
  public static final String TOKEN = "123:abc";
  public static final long BOT_ID = 123;

  /** One call the gateway made: the method and its parameters, and when. */
  public record Call(String method, JsonObject params, long atNanos) {}

  private record Failure(int status, JsonObject body) {}

  private record Poll(long offset, RoutingContext ctx, long timer) {}

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Call> calls = new ArrayList<>();
  private final List<JsonObject> updates = new ArrayList<>();
  private final List<Poll> polls = new ArrayList<>();
  private final Map<String, Deque<Failure>> failures = new HashMap<>();
  private final AtomicInteger messageIds = new AtomicInteger(500);
  private int nextUpdateId = 1000;
  private boolean ignoreOffsetOnce;
  private boolean refuseToken;

  public LocalBotApi() {
    Router router = Router.router(vertx);
    router.route("/bot:token/:method").handler(BodyHandler.create(false)).handler(this::handle);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  /** The base URL for {@code SWIFTLINE_TELEGRAM_API_URL}. */
  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Queues an update (a {@code message} or {@code callback_query} object) and returns it with its new update_id. */
  public synchronized JsonObject push(String field, JsonObject content) {
    JsonObject update = new JsonObject().put("update_id", nextUpdateId++).put(field, content);
    updates.add(update);
    wake();
    return update;
  }

  /** Queues a text message from a private chat whose user writes in {@code languageCode}. */
  public JsonObject pushText(long chatId, String text, String languageCode) {
    return push("message", message(chatId, text, languageCode));
  }

  static JsonObject user(long id, String languageCode) {
    JsonObject user = new JsonObject().put("id", id).put("is_bot", false).put("first_name", "Test").put("username", "user" + id);
    if (languageCode != null) user.put("language_code", languageCode);
    return user;
  }

  public static JsonObject message(long chatId, String text, String languageCode) {
    JsonObject message = new JsonObject()
        .put("message_id", (int) (chatId % 1000) + 1)
        .put("from", user(chatId, languageCode))
        .put("chat", new JsonObject().put("id", chatId).put("first_name", "Test").put("type", "private"))
        .put("date", System.currentTimeMillis() / 1000)
        .put("text", text);
    if (text.startsWith("/")) {
      int length = text.contains(" ") ? text.indexOf(' ') : text.length();
      message.put("entities", new JsonArray().add(new JsonObject().put("offset", 0).put("length", length).put("type", "bot_command")));
    }
    return message;
  }

  /** A button press on {@code pressed} (a message the bot sent, as sendMessage recorded it). */
  JsonObject pushCallback(long chatId, JsonObject pressed, String data, String languageCode) {
    JsonObject message = new JsonObject()
        .put("message_id", messageIds.incrementAndGet())
        .put("from", new JsonObject().put("id", BOT_ID).put("is_bot", true).put("first_name", "Hotline").put("username", "hotline_test_bot"))
        .put("chat", new JsonObject().put("id", chatId).put("first_name", "Test").put("type", "private"))
        .put("date", System.currentTimeMillis() / 1000)
        .put("text", pressed.getString("text"));
    if (pressed.containsKey("reply_markup")) message.put("reply_markup", replyMarkup(pressed));
    return push("callback_query", new JsonObject()
        .put("id", String.valueOf(4_000_000_000L + nextUpdateId))
        .put("from", user(chatId, languageCode))
        .put("message", message)
        .put("chat_instance", "-" + chatId)
        .put("data", data));
  }

  static JsonObject replyMarkup(JsonObject sendMessageParams) {
    Object markup = sendMessageParams.getValue("reply_markup");
    return markup instanceof String s ? new JsonObject(s) : (JsonObject) markup;
  }

  /** The next {@code getUpdates} returns every update kept, whatever its offset (as after a lost confirmation). */
  synchronized void ignoreOffsetOnce() {
    ignoreOffsetOnce = true;
  }

  /** Every method answers 401 Unauthorized, as for a revoked token. */
  synchronized void refuseToken() {
    refuseToken = true;
  }

  /** The next call of {@code method} fails with {@code status} and a Bot API error body. */
  synchronized void failNext(String method, int status, String description, JsonObject parameters) {
    JsonObject body = new JsonObject().put("ok", false).put("error_code", status).put("description", description);
    if (parameters != null) body.put("parameters", parameters);
    failures.computeIfAbsent(method, m -> new ArrayDeque<>()).add(new Failure(status, body));
  }

  /** The next call of {@code method} gets a non-API answer: an HTML error page with {@code status}. */
  synchronized void failNextWithPage(String method, int status) {
    failures.computeIfAbsent(method, m -> new ArrayDeque<>()).add(new Failure(status, null));
  }

  public synchronized List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  public synchronized List<Call> calls(String method, Predicate<JsonObject> params) {
    return calls.stream().filter(c -> c.method().equals(method) && params.test(c.params())).toList();
  }

  /** Waits until {@code count} calls of {@code method} matching {@code params} were made; returns them. */
  public List<Call> await(String method, Predicate<JsonObject> params, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Call> found = calls(method, params);
      if (found.size() >= count) return found;
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + count + " " + method + " calls, got " + found.size() + ": " + found);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Messages sent to {@code chatId}, waiting for {@code count} of them. */
  List<Call> awaitMessages(long chatId, int count) {
    return await("sendMessage", p -> String.valueOf(chatId).equals(p.getValue("chat_id").toString()), count, Duration.ofSeconds(30));
  }

  private void handle(RoutingContext ctx) {
    String method = canonical(ctx.pathParam("method"));
    JsonObject params = params(ctx);
    Failure failure;
    synchronized (this) {
      calls.add(new Call(method, params, System.nanoTime()));
      if (refuseToken || !TOKEN.equals(ctx.pathParam("token"))) {
        reply(ctx.response(), 401, new JsonObject().put("ok", false).put("error_code", 401).put("description", "Unauthorized"));
        return;
      }
      Deque<Failure> scripted = failures.get(method);
      failure = scripted == null ? null : scripted.poll();
    }
    if (failure != null) {
      if (failure.body() == null) {
        ctx.response().setStatusCode(failure.status()).putHeader("Content-Type", "text/html")
            .end("<html><body><h1>" + failure.status() + " Bad Gateway</h1></body></html>");
      } else {
        reply(ctx.response(), failure.status(), failure.body());
      }
      return;
    }
    switch (method) {
      case "getMe" -> ok(ctx, new JsonObject().put("id", BOT_ID).put("is_bot", true).put("first_name", "Hotline")
          .put("username", "hotline_test_bot").put("can_join_groups", true).put("can_read_all_group_messages", false)
          .put("supports_inline_queries", false));
      case "getUpdates" -> getUpdates(ctx, params);
      case "sendMessage" -> ok(ctx, new JsonObject()
          .put("message_id", messageIds.incrementAndGet())
          .put("from", new JsonObject().put("id", BOT_ID).put("is_bot", true).put("first_name", "Hotline").put("username", "hotline_test_bot"))
          .put("chat", new JsonObject().put("id", Long.parseLong(params.getValue("chat_id").toString())).put("type", "private"))
          .put("date", System.currentTimeMillis() / 1000)
          .put("text", params.getString("text")));
      case "answerCallbackQuery", "setWebhook", "deleteWebhook" -> ok(ctx, true);
      default -> reply(ctx.response(), 404, new JsonObject().put("ok", false).put("error_code", 404).put("description", "Not Found"));
    }
  }

  /** Bot API method names are case-insensitive (TelegramBots sends {@code sendmessage}); calls are recorded in camelCase. */
  private static String canonical(String method) {
    for (String name : List.of("getMe", "getUpdates", "sendMessage", "answerCallbackQuery", "setWebhook", "deleteWebhook")) {
      if (name.equalsIgnoreCase(method)) return name;
    }
    return method;
  }

  private synchronized void getUpdates(RoutingContext ctx, JsonObject params) {
    long offset = params.containsKey("offset") ? Long.parseLong(params.getValue("offset").toString()) : 0;
    int timeout = params.containsKey("timeout") ? Integer.parseInt(params.getValue("timeout").toString()) : 0;
    if (!ignoreOffsetOnce && offset > 0) updates.removeIf(u -> u.getLong("update_id") < offset); // confirmed
    JsonArray due = due(ignoreOffsetOnce ? 0 : offset);
    ignoreOffsetOnce = false;
    if (!due.isEmpty() || timeout == 0) {
      ok(ctx, due);
      return;
    }
    long[] timer = new long[1];
    Poll[] self = new Poll[1];
    timer[0] = vertx.setTimer(Math.min(timeout, 30) * 1000L, id -> {
      synchronized (this) {
        if (polls.remove(self[0])) ok(ctx, new JsonArray());
      }
    });
    self[0] = new Poll(offset, ctx, timer[0]);
    polls.add(self[0]);
  }

  private JsonArray due(long offset) {
    JsonArray due = new JsonArray();
    updates.stream().filter(u -> u.getLong("update_id") >= offset).limit(100).forEach(due::add);
    return due;
  }

  private void wake() {
    for (Poll poll : new ArrayList<>(polls)) {
      JsonArray due = due(poll.offset());
      if (due.isEmpty()) continue;
      polls.remove(poll);
      vertx.cancelTimer(poll.timer());
      ok(poll.ctx(), due);
    }
  }

  private static JsonObject params(RoutingContext ctx) {
    JsonObject params = new JsonObject();
    ctx.request().params().forEach(params::put); // query, form and multipart fields
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.startsWith("application/json") && ctx.body().length() > 0) {
      params.mergeIn(ctx.body().asJsonObject());
    }
    return params;
  }

  private static void ok(RoutingContext ctx, Object result) {
    reply(ctx.response(), 200, new JsonObject().put("ok", true).put("result", result));
  }

  private static void reply(HttpServerResponse response, int status, JsonObject body) {
    if (response.closed() || response.ended()) return;
    response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
