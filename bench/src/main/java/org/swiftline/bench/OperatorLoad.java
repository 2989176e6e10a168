package org.swiftline.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.swiftline.gateway.TestGateway;

/**
 * Live messages between operators and people, on one gateway: {@code conversations} people each ask the
 * web chat for an operator and keep its WebSocket open; {@code operators} operators sign in, keep the
 * operators WebSocket open and claim the conversations between them; then every conversation, all at
 * once, exchanges {@code rounds} messages each way: the operator POSTs a message and the person's chat
 * WebSocket receives it (operator to person), then the person sends over that socket and the operator's
 * WebSocket receives the entry (person to operator). This runs twice: paced, with a pause of about two
 * seconds between a conversation's rounds (as people type), and back to back (saturation: each round
 * starts when the last one arrived). The first two rounds of each warm up and are not measured.
 * The load generator runs in the same JVM as the gateway (as the other benchmarks), on its own Vert.x.
 */
public final class OperatorLoad {
  static final String PASSWORD = "bench-operator-password";
  static final int WARM_UP_ROUNDS = 2;
  /** The mean pause between two rounds of one conversation in the paced phase. */
  static final long PACED_PAUSE_MS = 2_000;

  private final Vertx vertx;
  private final int port;
  private final WebClient http;
  private final WebSocketClient sockets;
  /** Messages on their way, by their unique text: completed with the arrival time in nanoseconds. */
  private final Map<String, Promise<Long>> awaited = new ConcurrentHashMap<>();

  private OperatorLoad(Vertx vertx, int port, int connections) {
    this.vertx = vertx;
    this.port = port;
    this.http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(Math.max(8, connections)));
    this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(connections * 2 + 8));
  }

  record Person(String userId, String conversationId, WebSocket socket) {}

  record Operator(String name, String cookie, WebSocket socket) {}

  /**
   * Runs the benchmark on a new gateway over {@code kb} and prints the latencies. The administrator is made
   * with the {@code operator add} command on the gateway's data folder before it starts; the operators
   * through the accounts API.
   */
  static void run(Path kb, int conversations, int operators, int rounds) throws Exception {
    Path data = Files.createTempDirectory("swiftline-bench-operators");
    // The embedding and calibration caches are shared with the tests' gateways (as TestGateway does).
    Path shared = Path.of("target", "shared-cache").toAbsolutePath();
    for (String dir : new String[] {"embeddings", "cache"}) {
      Files.createDirectories(shared.resolve(dir));
      Files.createSymbolicLink(data.resolve(dir), shared.resolve(dir));
    }
    BenchAdmin.create(kb, data, "bench-admin", PASSWORD);
    try (TestGateway gateway = TestGateway.start(kb, data, new java.util.HashMap<>())) {
      Vertx clients = Vertx.vertx();
      try {
        new OperatorLoad(clients, gateway.port, conversations + operators).measure(conversations, operators, rounds);
      } finally {
        clients.close().await();
      }
    }
  }

  private void measure(int conversations, int operatorCount, int rounds) {
    System.out.printf("cores: %d; %d conversations, %d operators (%d conversations each), %d messages each way per "
        + "conversation (%d measured)%n", Runtime.getRuntime().availableProcessors(), conversations, operatorCount,
        (conversations + operatorCount - 1) / operatorCount, rounds, rounds - WARM_UP_ROUNDS);
    String admin = signIn("bench-admin");
    List<Operator> operators = new ArrayList<>();
    for (int i = 0; i < operatorCount; i++) {
      String name = "bench-op-" + i;
      HttpResponse<Buffer> created = http.post("/api/v1/operators/accounts").putHeader("Cookie", admin)
          .sendJsonObject(new JsonObject().put("name", name).put("password", PASSWORD).put("role", "operator")
              .put("languages", new JsonArray().add("en").add("zh")))
          .await();
      expect(created, 201, "create " + name);
      String cookie = signIn(name);
      operators.add(new Operator(name, cookie, connect("/api/v1/operators/ws", cookie, this::operatorEvent)));
    }
    List<Person> people = new ArrayList<>();
    List<Future<Person>> asking = new ArrayList<>();
    for (int i = 0; i < conversations; i++) {
      String userId = "bench-person-" + i;
      asking.add(http.post("/api/v1/chat").sendJsonObject(new JsonObject().put("userId", userId).put("text", "operator"))
          .compose(r -> {
            expect(r, 200, "ask for an operator");
            JsonObject turn = r.bodyAsJsonObject();
            String id = turn.getString("conversationId");
            String uri = "/api/v1/chat/ws?userId=" + URLEncoder.encode(userId, StandardCharsets.UTF_8)
                + "&conversationId=" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "&after=" + turn.getLong("lastSeq");
            return connectAsync(uri, null, this::personEvent).map(ws -> new Person(userId, id, ws));
          }));
    }
    for (Future<Person> f : asking) people.add(f.await());
    for (int i = 0; i < people.size(); i++) {
      Operator operator = operators.get(i % operators.size());
      expect(http.post("/api/v1/operators/conversations/" + people.get(i).conversationId() + "/claim")
          .putHeader("Cookie", operator.cookie()).send().await(), 200, "claim");
    }
    System.out.println("all conversations claimed");
    phase("paced: each conversation pauses " + PACED_PAUSE_MS / 2 + " to " + PACED_PAUSE_MS * 3 / 2
        + " ms between rounds (people and operators typing)", people, operators, rounds, PACED_PAUSE_MS);
    phase("back to back: every conversation sends its next message as soon as the last one arrived (saturation)",
        people, operators, rounds, 0);
    for (Person p : people) p.socket().close();
    for (Operator o : operators) o.socket().close();
  }

  /** One pass of {@code rounds} exchanges in every conversation at once, {@code pauseMs} apart (with jitter). */
  private void phase(String title, List<Person> people, List<Operator> operators, int rounds, long pauseMs) {
    System.out.println(title + ":");
    long[][] toPerson = new long[people.size()][rounds];
    long[][] toOperator = new long[people.size()][rounds];
    long[][] answered = new long[people.size()][rounds];
    long[] errors = new long[1];
    long t0 = System.nanoTime();
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < people.size(); i++) {
      int c = i;
      loops.add(vertx.timer(1 + (long) (Math.random() * pauseMs))
          .compose(v -> exchange(people.get(c), operators.get(c % operators.size()), c, 0, rounds, pauseMs, toPerson[c],
              toOperator[c], answered[c]))
          .recover(e -> {
            synchronized (errors) {
              errors[0]++;
            }
            System.err.println("conversation failed: " + e.getMessage());
            return Future.succeededFuture();
          }));
    }
    Future.join(loops).await();
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf("  %d messages in %.1f s (%.0f/s both ways together), failed conversations: %d%n",
        2L * people.size() * rounds, seconds, 2.0 * people.size() * rounds / seconds, errors[0]);
    report("operator -> person (POST to the person's chat WebSocket)", toPerson);
    report("person -> operator (chat WebSocket to the operators WebSocket)", toOperator);
    report("operator's POST answered (201)", answered);
  }

  /** Round {@code r} of one conversation: the operator writes, the person receives, replies, the operator receives. */
  private Future<Void> exchange(Person person, Operator operator, int c, int r, int rounds, long pauseMs, long[] toPerson,
      long[] toOperator, long[] answered) {
    if (r >= rounds) return Future.succeededFuture();
    String out = "op " + c + "." + r + "." + pauseMs + " Please bring your passport to the counter.";
    Promise<Long> delivered = Promise.promise();
    awaited.put(out, delivered);
    long sent = System.nanoTime();
    return http.post("/api/v1/operators/conversations/" + person.conversationId() + "/messages")
        .putHeader("Cookie", operator.cookie())
        .sendJsonObject(new JsonObject().put("text", out))
        .compose(resp -> {
          expect(resp, 201, "operator message");
          if (r >= WARM_UP_ROUNDS) answered[r] = System.nanoTime() - sent;
          return delivered.future();
        })
        .compose(arrived -> {
          if (r >= WARM_UP_ROUNDS) toPerson[r] = arrived - sent;
          String back = "person " + c + "." + r + "." + pauseMs + " Thank you, which counter?";
          Promise<Long> received = Promise.promise();
          awaited.put(back, received);
          long replied = System.nanoTime();
          person.socket().writeTextMessage(new JsonObject().put("text", back).encode());
          return received.future().map(at -> {
            if (r >= WARM_UP_ROUNDS) toOperator[r] = at - replied;
            return null;
          });
        })
        .compose(v -> pauseMs == 0 ? Future.<Void>succeededFuture()
            : vertx.timer(pauseMs / 2 + (long) (Math.random() * pauseMs)).<Void>mapEmpty())
        .compose(v -> exchange(person, operator, c, r + 1, rounds, pauseMs, toPerson, toOperator, answered));
  }

  private void personEvent(JsonObject event) {
    // The chat socket sends {"type":"message", seq, author, text, ...} for entries and {"type":"turn"} answers.
    if ("message".equals(event.getString("type")) && "operator".equals(event.getString("author"))) {
      arrived(event.getString("text"));
    }
  }

  private void operatorEvent(JsonObject event) {
    if ("entry".equals(event.getString("type"))) {
      JsonObject entry = event.getJsonObject("entry");
      if (entry != null && "user".equals(entry.getString("author"))) arrived(entry.getString("text"));
    }
  }

  private void arrived(String text) {
    long now = System.nanoTime();
    Promise<Long> p = text == null ? null : awaited.remove(text);
    if (p != null) p.tryComplete(now);
  }

  private String signIn(String name) {
    HttpResponse<Buffer> r = http.post("/api/v1/operators/session")
        .sendJsonObject(new JsonObject().put("name", name).put("password", PASSWORD)).await();
    expect(r, 200, "sign in " + name);
    for (String cookie : r.cookies()) {
      if (cookie.startsWith("swiftline_session=")) return cookie.substring(0, cookie.indexOf(';') < 0 ? cookie.length() : cookie.indexOf(';'));
    }
    throw new IllegalStateException("no session cookie for " + name);
  }

  private WebSocket connect(String uri, String cookie, java.util.function.Consumer<JsonObject> onEvent) {
    return connectAsync(uri, cookie, onEvent).await();
  }

  private Future<WebSocket> connectAsync(String uri, String cookie, java.util.function.Consumer<JsonObject> onEvent) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    if (cookie != null) options.addHeader("Cookie", cookie);
    return sockets.connect(options).map(ws -> {
      ws.textMessageHandler(text -> {
        try {
          onEvent.accept(new JsonObject(text));
        } catch (RuntimeException e) {
          // not an event (a ping answer, for instance)
        }
      });
      return ws;
    });
  }

  private static void expect(HttpResponse<Buffer> r, int status, String what) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(what + ": HTTP " + r.statusCode() + " " + r.bodyAsString());
    }
  }

  private static void report(String what, long[][] samples) {
    long[] all = Arrays.stream(samples).flatMapToLong(Arrays::stream).filter(v -> v > 0).sorted().toArray();
    System.out.printf("%-62s n=%-5d p50=%6.1f ms  p95=%6.1f ms  p99=%6.1f ms  max=%7.1f ms%n", what, all.length,
        pct(all, 0.50), pct(all, 0.95), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) return 0;
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }
}
