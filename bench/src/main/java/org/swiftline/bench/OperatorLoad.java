package org.swiftline.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.swiftline.gateway.TestGateway;
import org.swiftline.gateway.operators.OperatorCommand;

/**
 * Operators talking to people: {@code conversations} people on the web chat each ask for an operator and
 * keep the chat's WebSocket open; {@code operators} operators sign in and claim them in turn; then every
 * operator sends messages into each of their conversations, all conversations at once, each the next
 * {@code pauseMs} after the person received the previous one (0: as fast as possible, which measures
 * throughput; 2000: an operator typing quickly). Measures the time from the operator's
 * {@code POST .../messages} to the message arriving on the person's WebSocket.
 */
public final class OperatorLoad {
  static final String PASSWORD = "bench operator password";

  private OperatorLoad() {}

  static void run(Path kb, int conversations, int operators, int perConversation, int pauseMs) throws Exception {
    Path data = Files.createTempDirectory("swiftline-bench-operators");
    for (int o = 0; o < operators; o++) {
      int code = OperatorCommand.run(new String[] {"operator", "add", "--name", "op" + o, "--role", "operator",
          "--languages", "en,zh", "--data", data.toString()}, Map.of("SWIFTLINE_OPERATOR_PASSWORD", PASSWORD),
          new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()), System.err);
      if (code != 0) throw new IllegalStateException("cannot create operator accounts");
    }
    try (TestGateway gateway = TestGateway.start(kb, data, new HashMap<>())) {
      Vertx vertx = gateway.vertx;
      WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.port),
          new PoolOptions().setHttp1MaxSize(64));
      List<String> cookies = new ArrayList<>();
      for (int o = 0; o < operators; o++) {
        HttpResponse<?> r = http.post("/api/v1/operators/session")
            .sendJsonObject(new JsonObject().put("name", "op" + o).put("password", PASSWORD)).await();
        String cookie = r.cookies().stream().filter(c -> c.startsWith("swiftline_session=")).findFirst().orElseThrow();
        cookies.add(cookie.substring(0, cookie.indexOf(';')));
      }
      // Each person asks for an operator and opens the chat's WebSocket.
      Map<String, Promise<Long>> waiting = new ConcurrentHashMap<>();
      List<String> ids = new ArrayList<>();
      // One connection per person: the WebSocket client's default pool would queue all but 50.
      WebSocketClient sockets = vertx.createWebSocketClient(new io.vertx.core.http.WebSocketClientOptions()
          .setMaxConnections(conversations + 1));
      for (int p = 0; p < conversations; p++) {
        JsonObject turn = http.post("/api/v1/chat").sendJsonObject(new JsonObject().put("userId", "bench-person-" + p)
            .put("text", "operator please")).await().bodyAsJsonObject();
        String id = turn.getString("conversationId");
        ids.add(id);
        WebSocket ws = sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port)
            .setURI("/api/v1/chat/ws?userId=bench-person-" + p + "&conversationId=" + id + "&after=" + turn.getLong("lastSeq")))
            .onSuccess(s -> s.textMessageHandler(text -> {
              long now = System.nanoTime();
              JsonObject event = new JsonObject(text);
              if (!"operator".equals(event.getString("author"))) return;
              Promise<Long> promise = waiting.remove(event.getString("text"));
              if (promise != null) promise.complete(now);
            })).await();
        if (ws == null) throw new IllegalStateException("no WebSocket");
      }
      for (int p = 0; p < conversations; p++) {
        int status = http.post("/api/v1/operators/conversations/" + ids.get(p) + "/claim")
            .putHeader("Cookie", cookies.get(p % operators)).send().await().statusCode();
        if (status != 200) throw new IllegalStateException("claim answered " + status);
      }
      System.out.printf("cores: %d; %d conversations held by %d operators, %d messages each, all conversations at once, "
          + "%d ms between a message's delivery and the next%n",
          Runtime.getRuntime().availableProcessors(), conversations, operators, perConversation, pauseMs);
      for (String pass : new String[] {"warm-up", "measured"}) {
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        List<Future<Void>> loops = new ArrayList<>();
        for (int p = 0; p < conversations; p++) {
          int start = pauseMs == 0 ? 0 : (int) ((long) pauseMs * p / conversations); // spread the conversations out
          int index = p;
          loops.add(timer(vertx, start).compose(v -> loop(vertx, http, cookies.get(index % operators), ids.get(index),
              pass + "-" + index, perConversation, 0, pauseMs, waiting, latencies)));
        }
        Future.all(loops).await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("%-9s messages=%-6d %7.1f msg/s  p50=%6.1f ms  p99=%6.1f ms  max=%6.1f ms%n", pass, sorted.length,
            sorted.length / seconds, pct(sorted, 0.50), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
      }
      sockets.close().await();
      http.close();
    }
  }

  /** Sends message {@code i} and, once the person has it, the next; records each delivery's latency. */
  private static Future<Void> timer(Vertx vertx, long ms) {
    if (ms <= 0) return Future.succeededFuture();
    Promise<Void> done = Promise.promise();
    vertx.setTimer(ms, id -> done.complete());
    return done.future();
  }

  private static Future<Void> loop(Vertx vertx, WebClient http, String cookie, String id, String tag, int count, int i,
      int pauseMs, Map<String, Promise<Long>> waiting, List<Long> latencies) {
    if (i >= count) return Future.succeededFuture();
    String text = "message " + i + " of " + tag;
    Promise<Long> delivered = Promise.promise();
    waiting.put(text, delivered);
    long sent = System.nanoTime();
    return http.post("/api/v1/operators/conversations/" + id + "/messages").putHeader("Cookie", cookie)
        .sendJsonObject(new JsonObject().put("text", text))
        .compose(r -> r.statusCode() == 201 ? delivered.future()
            : Future.failedFuture("message answered " + r.statusCode() + " " + r.bodyAsString()))
        .compose(at -> {
          latencies.add(at - sent);
          return timer(vertx, pauseMs).compose(v -> loop(vertx, http, cookie, id, tag, count, i + 1, pauseMs, waiting, latencies));
        });
  }

  private static double pct(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }

  static List<Integer> numbers(String[] args, int from, int... defaults) {
    List<Integer> result = new ArrayList<>();
    for (int i = 0; i < defaults.length; i++) result.add(args.length > from + i ? Integer.parseInt(args[from + i]) : defaults[i]);
    return Arrays.asList(result.toArray(Integer[]::new));
  }
}
