package org.swiftline.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.swiftline.gateway.TestGateway;

/**
 * The appeals benchmark: appeals filed per second, through Open311 ({@code POST requests.json}, one request
 * each) and through the chat (a whole conversation each: complaint, what, skip the phone, confirm), each a
 * closed loop of clients; then the analytics queries over a database seeded with many appeals (SQLite,
 * written directly in one transaction, with their facts, audit lines and unanswered questions), timed per
 * endpoint over HTTP for the last 30 days and for the whole year.
 */
public final class AppealLoad {
  static final String ADMIN = "bench-admin-token-0123456789abcdef";
  static final String[] CATEGORIES = {"streetlights", "noise", "eldercare", "heating", "transport-taxi", "roads",
      "waste-sanitation", "water-supply", "parking-traffic", "greenery", "property-management", "visa-residence"};
  static final String[] DISTRICTS = {"dongcheng", "xicheng", "chaoyang", "haidian", "fengtai", "shijingshan",
      "tongzhou", "changping", "daxing", "shunyi"};
  static final String[] TEXTS = {"the streetlight outside number %d is broken", "loud construction noise at night near block %d",
      "there is no eldercare station in our community (building %d)", "the radiators in building %d are cold",
      "a taxi driver refused to use the meter, plate %d", "a deep pothole on the road by gate %d",
      "garbage has not been collected for days at entrance %d", "no water in building %d since this morning",
      "cars park on the sidewalk at number %d every day", "trees by number %d need trimming",
      "the property company ignores the broken lift in building %d", "how long does a residence permit take, case %d"};
  static final String[] QUESTIONS = {"where can I buy a peking duck", "best peking duck restaurant", "how do I train my parrot",
      "is the great wall open at night", "where to watch football tonight", "哪里可以买到北京烤鸭", "can I bring my cat on the subway",
      "what time does the zoo close", "how much is a bicycle repair", "where is a good hotpot place"};
  static final List<String> ENDPOINTS = List.of("appeals-per-day", "rates", "response-times", "pain-points",
      "breakdown?by=district", "knowledge-gaps", "appeals.csv");

  private AppealLoad() {}

  static void run(Path kb, int seed) throws Exception {
    Path data = Files.createTempDirectory("swiftline-bench-appeals");
    // the embedding and calibration caches outlive a run (only the database is new each time)
    Path shared = Path.of("target", "shared-cache").toAbsolutePath();
    for (String dir : new String[] {"embeddings", "cache"}) {
      Files.createDirectories(shared.resolve(dir));
      Files.createSymbolicLink(data.resolve(dir), shared.resolve(dir));
    }
    Map<String, String> env = new HashMap<>(Map.of("SWIFTLINE_ADMIN_TOKEN", ADMIN));
    System.out.printf("cores: %d%n", Runtime.getRuntime().availableProcessors());
    try (TestGateway gateway = TestGateway.start(kb, data, env)) {
      WebClient client = WebClient.create(gateway.vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(gateway.port), new PoolOptions().setHttp1MaxSize(64));
      String key = client.post("/api/v1/admin/open311/keys").putHeader("Authorization", "Bearer " + ADMIN).send().await()
          .bodyAsJsonObject().getString("apiKey");
      for (int clients : new int[] {1, 16}) {
        report("Open311 POST", clients, closedLoop(gateway.vertx, clients, 1500 / (clients == 1 ? 5 : 1), i -> {
          MultiMap form = MultiMap.caseInsensitiveMultiMap();
          int c = i % CATEGORIES.length;
          form.add("api_key", key).add("service_code", CATEGORIES[c]).add("description", String.format(TEXTS[c], i))
              .add("address_string", (i % 97) + " Gulou Street, " + DISTRICTS[i % DISTRICTS.length]);
          return client.post("/open311/v2/requests.json").sendForm(form).map(r -> ok(r, 201));
        }));
      }
      for (int clients : new int[] {1, 8}) {
        report("chat (4-5 turns)", clients, closedLoop(gateway.vertx, clients, clients == 1 ? 20 : 120,
            i -> fileInChat(client, "bench-" + clients + "-" + i, String.format(TEXTS[i % TEXTS.length], i))));
      }
      client.close();
    }

    System.out.printf("seeding %,d appeals and %,d unanswered questions into %s ...%n", seed, seed / 5, data.resolve("swiftline.db"));
    long t0 = System.nanoTime();
    seed(data.resolve("swiftline.db"), seed);
    System.out.printf("seeded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    try (TestGateway gateway = TestGateway.start(kb, data, env)) {
      WebClient client = WebClient.create(gateway.vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.port));
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      for (int days : new int[] {30, 365}) {
        String period = "from=" + today.minusDays(days - 1) + "&to=" + today;
        System.out.printf("analytics over the last %d days (one client; 2 warm-up and 7 timed requests each, the CSV 1 and 3):%n", days);
        for (String endpoint : ENDPOINTS) {
          String path = "/api/v1/analytics/" + endpoint + (endpoint.contains("?") ? "&" : "?") + period;
          boolean csv = endpoint.endsWith(".csv");
          long[] ms = new long[csv ? 3 : 7];
          long bytes = 0;
          for (int i = csv ? -1 : -2; i < ms.length; i++) {
            long start = System.nanoTime();
            HttpResponse<Buffer> r = client.get(path).putHeader("Authorization", "Bearer " + ADMIN).send().await();
            if (r.statusCode() != 200) throw new IllegalStateException(path + ": " + r.statusCode() + " " + r.bodyAsString());
            if (i >= 0) ms[i] = (System.nanoTime() - start) / 1_000_000;
            bytes = r.body().length();
          }
          Arrays.sort(ms);
          System.out.printf("  %-24s p50=%5d ms  max=%5d ms  (%,d bytes)%n", endpoint, ms[ms.length / 2], ms[ms.length - 1], bytes);
        }
      }
      client.close();
    }
  }

  private static boolean ok(HttpResponse<Buffer> r, int status) {
    if (r.statusCode() != status) System.err.println("unexpected " + r.statusCode() + ": " + r.bodyAsString());
    return r.statusCode() == status;
  }

  /**
   * One appeal filed in a conversation: "I want to complain", what happened (with where and when), "Skip"
   * for every question it did not answer (the phone), then "File the appeal".
   */
  private static Future<Boolean> fileInChat(WebClient client, String user, String what) {
    return turn(client, user, null, "I want to complain", null)
        .compose(t -> turn(client, user, t.getString("conversationId"), what + " on Xinjiekou street in Xicheng since last week", null))
        .compose(t -> untilFiled(client, user, t, 6));
  }

  private static Future<Boolean> untilFiled(WebClient client, String user, JsonObject turn, int left) {
    if ("appeal_filed".equals(turn.getString("outcome"))) return Future.succeededFuture(true);
    if (left == 0) return Future.succeededFuture(false);
    String payloads = turn.getJsonArray("replies").encode();
    String next = payloads.contains("\"appeal:confirm\"") ? "appeal:confirm" : payloads.contains("\"appeal:skip\"") ? "appeal:skip" : null;
    if (next == null) return Future.succeededFuture(false);
    return turn(client, user, turn.getString("conversationId"), next, next).compose(t -> untilFiled(client, user, t, left - 1));
  }

  private static Future<JsonObject> turn(WebClient client, String user, String conversation, String text, String payload) {
    JsonObject body = new JsonObject().put("userId", user).put("text", text);
    if (conversation != null) body.put("conversationId", conversation);
    if (payload != null) body.put("payload", payload);
    return client.post("/api/v1/chat").sendJsonObject(body).map(r -> {
      if (r.statusCode() != 200) throw new IllegalStateException(r.bodyAsString());
      return r.bodyAsJsonObject();
    });
  }

  record Result(int done, int errors, double seconds, long[] sortedNanos) {}

  /** {@code total} operations by {@code clients} clients, each starting its next when the previous is done. */
  static Result closedLoop(Vertx vertx, int clients, int total, java.util.function.IntFunction<Future<Boolean>> operation) {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    long[] latencies = new long[total];
    long start = System.nanoTime();
    List<Future<Void>> loops = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Promise<Void> done = Promise.promise();
      vertx.runOnContext(v -> loop(operation, next, total, latencies, errors, done));
      loops.add(done.future());
    }
    Future.all(loops).await();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(total, errors.get(), seconds, Arrays.stream(latencies).sorted().toArray());
  }

  private static void loop(java.util.function.IntFunction<Future<Boolean>> operation, AtomicInteger next, int total,
      long[] latencies, AtomicInteger errors, Promise<Void> done) {
    int i = next.getAndIncrement();
    if (i >= total) {
      done.complete();
      return;
    }
    long t = System.nanoTime();
    operation.apply(i).onComplete(r -> {
      latencies[i] = System.nanoTime() - t;
      if (r.failed() || !r.result()) errors.incrementAndGet();
      loop(operation, next, total, latencies, errors, done);
    });
  }

  private static void report(String what, int clients, Result r) {
    System.out.printf("%-15s clients=%-3d appeals=%-5d %7.1f appeals/s  p50=%7.1f ms  p99=%7.1f ms  errors=%d%n", what, clients,
        r.done(), r.done() / r.seconds(), pct(r.sortedNanos(), 0.5), pct(r.sortedNanos(), 0.99), r.errors());
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) return 0;
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  /**
   * Appeals over the past year in the gateway's own tables: categories, districts and statuses mixed, about
   * 80% with a staff response, 60% resolved, half of those with a verdict and a rating, 5% in groups of
   * similar appeals; and unanswered questions.
   */
  static void seed(Path db, int count) throws Exception {
    Random random = new Random(42);
    long now = System.currentTimeMillis();
    long year = 365L * 86_400_000L;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA synchronous=OFF");
      }
      c.setAutoCommit(false);
      try (PreparedStatement appeal = c.prepareStatement("""
              INSERT INTO appeals (number, channel, user_id, conversation_id, language, category, confidence, department,
                district, address, what, when_text, phone, phone_consent, status, resolution, created_ms, updated_ms, version,
                first_response_ms, resolved_ms, solved, satisfaction, rated_ms, cluster)
              VALUES (?, 'web', ?, NULL, 'en', ?, 0.9, 'city-management', ?, '5 Gulou Street', ?, NULL, NULL, 0, ?, ?, ?, ?, 3,
                ?, ?, ?, ?, ?, ?)""");
          PreparedStatement audit = c.prepareStatement(
              "INSERT INTO appeal_audit (number, at_ms, actor, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, NULL)");
          PreparedStatement question = c.prepareStatement("INSERT INTO unanswered (text, language, at_ms) VALUES (?, ?, ?)")) {
        for (int i = 0; i < count; i++) {
          long created = now - (long) (random.nextDouble() * year);
          String number = String.format("%s-%06d", LocalDate.ofEpochDay(created / 86_400_000L).toString().replace("-", ""), 900_000 + i);
          int cat = random.nextInt(CATEGORIES.length);
          boolean responded = random.nextDouble() < 0.8;
          boolean resolved = responded && random.nextDouble() < 0.75;
          boolean rated = resolved && random.nextBoolean();
          long firstResponse = created + (long) (random.nextExponential() * 4 * 3_600_000L);
          long resolvedAt = firstResponse + (long) (random.nextExponential() * 48 * 3_600_000L);
          String status = rated ? (random.nextDouble() < 0.85 ? "closed" : "reopened") : resolved ? "resolved" : responded ? "in_progress" : "dispatched";
          appeal.setString(1, number);
          appeal.setString(2, "seed-" + i);
          appeal.setString(3, CATEGORIES[cat]);
          appeal.setString(4, DISTRICTS[random.nextInt(DISTRICTS.length)]);
          appeal.setString(5, String.format(TEXTS[cat], random.nextInt(500)));
          appeal.setString(6, status);
          appeal.setString(7, resolved ? "Handled." : null);
          appeal.setLong(8, created);
          appeal.setLong(9, resolved ? resolvedAt : created);
          appeal.setObject(10, responded ? firstResponse : null);
          appeal.setObject(11, resolved ? resolvedAt : null);
          appeal.setObject(12, rated ? (status.equals("closed") ? 1 : 0) : null);
          appeal.setObject(13, rated ? 1 + random.nextInt(5) : null);
          appeal.setObject(14, rated ? resolvedAt + 60_000 : null);
          appeal.setString(15, random.nextDouble() < 0.05 ? String.format("seed-cluster-%03d", random.nextInt(200)) : null);
          appeal.addBatch();
          audit.setString(1, number);
          audit.setLong(2, created);
          audit.setString(3, "citizen");
          audit.setString(4, null);
          audit.setString(5, "received");
          audit.addBatch();
          audit.setString(1, number);
          audit.setLong(2, created);
          audit.setString(3, "router");
          audit.setString(4, "received");
          audit.setString(5, "dispatched");
          audit.addBatch();
          if (i % 5 == 0) {
            question.setString(1, QUESTIONS[random.nextInt(QUESTIONS.length)] + (random.nextBoolean() ? "" : "?"));
            question.setString(2, "en");
            question.setLong(3, created);
            question.addBatch();
          }
          if (i % 5000 == 4999) {
            appeal.executeBatch();
            audit.executeBatch();
            question.executeBatch();
          }
        }
        appeal.executeBatch();
        audit.executeBatch();
        question.executeBatch();
      }
      c.commit();
    }
  }
}
