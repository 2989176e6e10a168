package org.swiftline.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator: {@code clients} concurrent clients each post a chat turn, wait for the
 * answer and post the next, for a fixed time after a warm-up; every turn starts a new conversation, so
 * each one writes a conversation and two messages. With {@code distinct}, every text after the first
 * pass is new (a number is appended), so that no cache helps; without, the questions repeat as a
 * hotline's do. Reports throughput and latency percentiles.
 */
public final class Load {
  public record Result(int clients, long turns, double seconds, double p50, double p90, double p99, double max, long errors) {
    double perSecond() {
      return turns / seconds;
    }

    @Override
    public String toString() {
      return String.format("clients=%-3d turns=%-6d throughput=%7.1f turns/s  p50=%6.2f ms  p90=%6.2f ms  p99=%6.2f ms  max=%7.2f ms  errors=%d",
          clients, turns, perSecond(), p50, p90, p99, max, errors);
    }
  }

  public static Result run(Vertx vertx, int port, List<String> texts, int clients, double warmupSeconds, double seconds, boolean distinct) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(clients));
    long start = System.nanoTime();
    long measureFrom = start + (long) (warmupSeconds * 1e9);
    long end = measureFrom + (long) (seconds * 1e9);
    List<long[]> latencies = new ArrayList<>();
    AtomicInteger next = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    List<Future<Void>> loops = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      long[] own = new long[2_000_000];
      latencies.add(own);
      loops.add(loop(client, texts, distinct, next, own, new int[] {0}, measureFrom, end, errors));
    }
    Future.all(loops).await();
    client.close();
    int total = 0;
    for (long[] l : latencies) for (long v : l) if (v > 0) total++;
    long[] all = new long[total];
    int i = 0;
    for (long[] l : latencies) for (long v : l) if (v > 0) all[i++] = v;
    Arrays.sort(all);
    return new Result(clients, all.length, seconds, pct(all, 0.50), pct(all, 0.90), pct(all, 0.99),
        all.length == 0 ? 0 : all[all.length - 1] / 1e6, errors.get());
  }

  /** One client: sends the next turn when the previous answer arrived, until {@code end}; no future chains grow. */
  private static Future<Void> loop(WebClient client, List<String> texts, boolean distinct, AtomicInteger next, long[] own,
      int[] count, long measureFrom, long end, AtomicLong errors) {
    io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
    send(client, texts, distinct, next, own, count, measureFrom, end, errors, done);
    return done.future();
  }

  private static void send(WebClient client, List<String> texts, boolean distinct, AtomicInteger next, long[] own, int[] count,
      long measureFrom, long end, AtomicLong errors, io.vertx.core.Promise<Void> done) {
    long t0 = System.nanoTime();
    if (t0 >= end) {
      done.complete();
      return;
    }
    int n = next.getAndIncrement();
    // After one pass over the questions, a number makes each text new, so no cache can answer it.
    String text = texts.get(n % texts.size()) + (distinct && n >= texts.size() ? " " + n : "");
    JsonObject body = new JsonObject().put("userId", "load-" + n).put("text", text);
    client.post("/api/v1/chat").sendJsonObject(body).onComplete(ar -> {
      long t1 = System.nanoTime();
      if (ar.failed() || ar.result().statusCode() != 200) errors.incrementAndGet();
      else if (t0 >= measureFrom && t1 <= end && count[0] < own.length) own[count[0]++] = t1 - t0;
      send(client, texts, distinct, next, own, count, measureFrom, end, errors, done);
    });
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) return 0;
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }
}
