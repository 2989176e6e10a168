package org.swiftline.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Redis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.swiftline.gateway.TestGateway;

/**
 * The {@code scaleout} benchmark: chat turns per second and latency with one gateway on the embedded store,
 * then one, two and three gateways on one Redis, all in this JVM on this machine. Clients behave like people
 * behind a load balancer without sticky sessions: each keeps a conversation for {@link #TURNS_PER_CONVERSATION}
 * turns, and each turn goes to the next instance in turn, so conversations keep moving between instances
 * (every turn takes the conversation's lease, reads it and records the turn in Redis).
 */
final class ScaleOutLoad {
  static final int TURNS_PER_CONVERSATION = 4;

  private ScaleOutLoad() {}

  static void run(Path kb, List<String> texts, String redisUrl, double seconds) throws Exception {
    System.out.printf("scale-out: %d s per run after a 3 s warm-up, conversations of %d turns moving between instances, Redis %s%n",
        (long) seconds, TURNS_PER_CONVERSATION, redisUrl);
    try (TestGateway warm = TestGateway.start(kb, new HashMap<>())) {
      // fills the shared caches before anything is measured
      load(warm.vertx, List.of(warm), texts, 32, 0, 20); // and warms the JIT up, so that the first row is not penalised
    }
    measure("embedded (SQLite), 1 instance", kb, texts, 1, Map.of(), seconds);
    for (int n = 1; n <= 3; n++) {
      String prefix = "swiftline-bench:" + UUID.randomUUID() + ":";
      Map<String, String> env = Map.of("SWIFTLINE_STORE", "redis", "SWIFTLINE_REDIS_URL", redisUrl, "SWIFTLINE_REDIS_PREFIX", prefix);
      try {
        measure("redis, " + n + " instance" + (n > 1 ? "s" : ""), kb, texts, n, env, seconds);
      } finally {
        deleteKeys(redisUrl, prefix);
      }
    }
    // the first row again: how much the machine drifted during the runs
    measure("embedded (SQLite), 1, again", kb, texts, 1, Map.of(), seconds);
  }

  private static void measure(String label, Path kb, List<String> texts, int instances, Map<String, String> env, double seconds)
      throws Exception {
    List<TestGateway> gateways = new ArrayList<>();
    try {
      for (int i = 0; i < instances; i++) {
        // shared embedding, calibration and classifier caches (target/shared-cache): only the first start computes them
        gateways.add(TestGateway.start(kb, new HashMap<>(env)));
      }
      Vertx vertx = Vertx.vertx();
      try {
        for (int clients : new int[] {1, 32}) {
          System.out.printf("  %-32s %s%n", label, load(vertx, gateways, texts, clients, 3, seconds));
        }
      } finally {
        vertx.close().await();
      }
    } finally {
      gateways.forEach(TestGateway::close);
    }
  }

  static Load.Result load(Vertx vertx, List<TestGateway> gateways, List<String> texts, int clients, double warmup, double seconds) {
    List<WebClient> webs = gateways.stream().map(g -> WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(g.port), new PoolOptions().setHttp1MaxSize(clients))).toList();
    long start = System.nanoTime();
    long measureFrom = start + (long) (warmup * 1e9);
    long end = measureFrom + (long) (seconds * 1e9);
    AtomicInteger next = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    List<long[]> latencies = new ArrayList<>();
    List<Future<Void>> loops = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      long[] own = new long[1_000_000];
      latencies.add(own);
      Promise<Void> done = Promise.promise();
      new Client(webs, texts, next, own, measureFrom, end, errors, done, "bench-" + c).send();
      loops.add(done.future());
    }
    Future.all(loops).await();
    webs.forEach(WebClient::close);
    int total = 0;
    for (long[] l : latencies) for (long v : l) if (v > 0) total++;
    long[] all = new long[total];
    int i = 0;
    for (long[] l : latencies) for (long v : l) if (v > 0) all[i++] = v;
    Arrays.sort(all);
    return new Load.Result(clients, all.length, seconds, pct(all, 0.50), pct(all, 0.90), pct(all, 0.99),
        all.length == 0 ? 0 : all[all.length - 1] / 1e6, errors.get());
  }

  /** One person: a conversation of a few turns, each turn on the next instance, then a new conversation. */
  private static final class Client {
    private final List<WebClient> webs;
    private final List<String> texts;
    private final AtomicInteger next;
    private final long[] own;
    private final long measureFrom;
    private final long end;
    private final AtomicLong errors;
    private final Promise<Void> done;
    private final String user;
    private int count;
    private int turn;
    private String conversationId;

    Client(List<WebClient> webs, List<String> texts, AtomicInteger next, long[] own, long measureFrom, long end,
        AtomicLong errors, Promise<Void> done, String user) {
      this.webs = webs;
      this.texts = texts;
      this.next = next;
      this.own = own;
      this.measureFrom = measureFrom;
      this.end = end;
      this.errors = errors;
      this.done = done;
      this.user = user;
    }

    void send() {
      long t0 = System.nanoTime();
      if (t0 >= end) {
        done.complete();
        return;
      }
      int n = next.getAndIncrement();
      JsonObject body = new JsonObject().put("userId", user).put("text", texts.get(n % texts.size()));
      if (conversationId != null) body.put("conversationId", conversationId);
      WebClient web = webs.get(turn % webs.size());
      turn++;
      web.post("/api/v1/chat").sendJsonObject(body).onComplete(ar -> {
        long t1 = System.nanoTime();
        if (ar.failed() || ar.result().statusCode() != 200) {
          errors.incrementAndGet();
          conversationId = null;
        } else {
          conversationId = turn % TURNS_PER_CONVERSATION == 0 ? null : ar.result().bodyAsJsonObject().getString("conversationId");
          if (t0 >= measureFrom && t1 <= end && count < own.length) own[count++] = t1 - t0;
        }
        send();
      });
    }
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) return 0;
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }

  private static void deleteKeys(String url, String prefix) {
    TestGateway.deleteRedisKeys(url, prefix);
  }
}
