package org.swiftline.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.swiftline.bots.webhook.WebhookMapping;
import org.swiftline.bots.wechat.WechatMapping;
import org.swiftline.gateway.TestGateway;
import org.swiftline.gateway.channels.LocalBotApi;
import org.swiftline.gateway.channels.LocalWechatApi;

/**
 * Inbound messages per second through each channel to a reply, closed loop: each client (a person, a
 * Telegram chat) sends its next message when the previous one was answered.
 *
 * <ul>
 *   <li>web chat: {@code POST /api/v1/chat}, the reply in the response (for comparison);
 *   <li>signed webhook: {@code POST /api/v1/webhook/inbound} signed with HMAC-SHA256, the reply in the response;
 *   <li>Telegram (webhook mode): an update posted to the webhook route, answered 200 once handled and its
 *       reply queued; the replies then reach a local Bot API server within Telegram's limits (30 a second
 *       overall, one a second per chat), which the last line measures;
 *   <li>WeChat Official Account: a text message's XML posted to {@code /wechat} with WeChat's signature,
 *       the reply in the response (a passive reply); an answer not ready within the four-second budget is
 *       acknowledged with {@code success} and sent through the customer-service API of a local WeChat API
 *       server, and the line after it counts those.
 * </ul>
 */
public final class ChannelLoad {
  static final String WEBHOOK_SECRET = "bench-webhook-secret-0123456789";
  static final String TELEGRAM_SECRET = "bench-telegram-secret";
  static final String TELEGRAM_PATH = "/telegram/bench";

  private ChannelLoad() {}

  @FunctionalInterface
  interface Sender {
    /** Sends message {@code i} of client {@code client}; succeeds with the HTTP status. */
    Future<Integer> send(int client, int i);
  }

  static void run(Path kb, List<String> questions, int perClient) throws Exception {
    try (LocalBotApi api = new LocalBotApi(); LocalWechatApi wechatApi = new LocalWechatApi()) {
      Path data = Files.createTempDirectory("swiftline-bench-channels");
      Map<String, String> env = new java.util.HashMap<>(Map.of(
          "SWIFTLINE_WEBHOOK_SECRET", WEBHOOK_SECRET,
          "SWIFTLINE_TELEGRAM_TOKEN", LocalBotApi.TOKEN,
          "SWIFTLINE_TELEGRAM_API_URL", api.url(),
          "SWIFTLINE_TELEGRAM_WEBHOOK_URL", "https://bench.example.test" + TELEGRAM_PATH,
          "SWIFTLINE_TELEGRAM_WEBHOOK_SECRET", TELEGRAM_SECRET));
      env.putAll(wechatApi.settings());
      try (TestGateway gateway = TestGateway.start(kb, data, env)) {
        System.out.printf("cores: %d; %d messages per client; questions from the evaluation set, each asked once "
            + "through the web chat first (warm-up, not measured), so every channel sees the same warm caches%n",
            Runtime.getRuntime().availableProcessors(), perClient);
        WebClient warm = WebClient.create(gateway.vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.port), new PoolOptions().setHttp1MaxSize(8));
        int perWarmClient = (questions.size() + 7) / 8;
        run(gateway.vertx, 8, perWarmClient, (c, i) -> warm.post("/api/v1/chat")
            .sendJsonObject(new JsonObject().put("userId", "bench-warm-" + c)
                .put("text", questions.get(Math.min(questions.size() - 1, c * perWarmClient + i))))
            .map(r -> r.statusCode()));
        warm.close();
        for (int clients : new int[] {1, 32}) {
          WebClient client = WebClient.create(gateway.vertx,
              new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.port),
              new PoolOptions().setHttp1MaxSize(clients));
          int round = clients;
          report("web chat", clients, perClient, run(gateway.vertx, clients, perClient, (c, i) -> client.post("/api/v1/chat")
              .sendJsonObject(new JsonObject().put("userId", "bench-web-" + round + "-" + c).put("text", question(questions, c, i)))
              .map(r -> r.statusCode())));
          report("signed webhook", clients, perClient, run(gateway.vertx, clients, perClient, (c, i) -> {
            byte[] body = new JsonObject().put("userId", "bench-hook-" + round + "-" + c).put("text", question(questions, c, i))
                .put("messageId", round + "-" + c + "-" + i).encode().getBytes(StandardCharsets.UTF_8);
            String ts = String.valueOf(Instant.now().getEpochSecond());
            return client.post("/api/v1/webhook/inbound")
                .putHeader("Content-Type", "application/json")
                .putHeader(WebhookMapping.TIMESTAMP_HEADER, ts)
                .putHeader(WebhookMapping.SIGNATURE_HEADER, WebhookMapping.sign(WEBHOOK_SECRET, ts, body))
                .sendBuffer(Buffer.buffer(body)).map(r -> r.statusCode());
          }));
          AtomicLong updateIds = new AtomicLong(round * 1_000_000L);
          int sentBefore = api.calls("sendMessage").size();
          long t0 = System.nanoTime();
          report("telegram webhook", clients, perClient, run(gateway.vertx, clients, perClient, (c, i) -> {
            long chat = 7_000_000_000L + round * 1000L + c;
            JsonObject update = new JsonObject().put("update_id", updateIds.incrementAndGet())
                .put("message", LocalBotApi.message(chat, question(questions, c, i), "en"));
            return client.post(TELEGRAM_PATH)
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Telegram-Bot-Api-Secret-Token", TELEGRAM_SECRET)
                .sendBuffer(update.toBuffer()).map(r -> r.statusCode());
          }));
          int expected = sentBefore + clients * perClient;
          api.await("sendMessage", p -> true, expected, Duration.ofMinutes(10));
          double seconds = (System.nanoTime() - t0) / 1e9;
          System.out.printf("%-17s clients=%-3d %d replies reached the Bot API in %.1f s: %.1f/s (limits: 30/s overall, 1/s per chat)%n",
              "telegram delivery", clients, clients * perClient, seconds, clients * perClient / seconds);
          AtomicLong msgIds = new AtomicLong(round * 1_000_000L);
          AtomicLong fallbacks = new AtomicLong();
          int customBefore = wechatApi.calls("send").size();
          report("wechat", clients, perClient, run(gateway.vertx, clients, perClient, (c, i) -> {
            String openId = "oBench" + round + "x" + c;
            String xml = "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>" + Instant.now().getEpochSecond() + "</CreateTime>"
                + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + question(questions, c, i)
                + "]]></Content><MsgId>" + msgIds.incrementAndGet() + "</MsgId></xml>";
            String ts = String.valueOf(Instant.now().getEpochSecond());
            String nonce = String.valueOf(msgIds.get());
            return client.post("/wechat?signature=" + WechatMapping.signature(LocalWechatApi.TOKEN, ts, nonce)
                    + "&timestamp=" + ts + "&nonce=" + nonce + "&openid=" + openId)
                .putHeader("Content-Type", "text/xml")
                .sendBuffer(Buffer.buffer(xml)).map(r -> {
                  if (r.statusCode() == 200 && WechatMapping.SUCCESS.equals(r.bodyAsString())) fallbacks.incrementAndGet();
                  return r.statusCode() == 200 && !r.bodyAsString().isEmpty() ? 200 : 500;
                });
          }));
          if (fallbacks.get() > 0) {
            wechatApi.await(call -> call.method().equals("send"), customBefore + (int) fallbacks.get(), Duration.ofMinutes(5));
          }
          System.out.printf("%-17s clients=%-3d %d of %d answers missed the 4 s budget and went through the customer-service API%n",
              "wechat fallback", clients, fallbacks.get(), clients * perClient);
          client.close();
        }
      }
    }
  }

  private static String question(List<String> questions, int client, int i) {
    return questions.get((client * 7919 + i) % questions.size());
  }

  record Result(long messages, long errors, double seconds, long[] sortedNanos) {}

  static Result run(Vertx vertx, int clients, int perClient, Sender sender) {
    List<long[]> latencies = new ArrayList<>();
    List<Future<Void>> loops = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    long t0 = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      long[] own = new long[perClient];
      latencies.add(own);
      Promise<Void> done = Promise.promise();
      next(sender, c, 0, perClient, own, errors, done);
      loops.add(done.future());
    }
    Future.all(loops).await();
    double seconds = (System.nanoTime() - t0) / 1e9;
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).filter(v -> v > 0).sorted().toArray();
    return new Result((long) clients * perClient, errors.get(), seconds, all);
  }

  private static void next(Sender sender, int client, int i, int perClient, long[] own, AtomicLong errors, Promise<Void> done) {
    if (i >= perClient) {
      done.complete();
      return;
    }
    long t0 = System.nanoTime();
    sender.send(client, i).onComplete(ar -> {
      if (ar.failed() || ar.result() != 200) errors.incrementAndGet();
      else own[i] = System.nanoTime() - t0;
      next(sender, client, i + 1, perClient, own, errors, done);
    });
  }

  private static void report(String channel, int clients, int perClient, Result r) {
    long[] s = r.sortedNanos();
    System.out.printf("%-17s clients=%-3d messages=%-5d %7.1f msg/s  p50=%6.1f ms  p99=%6.1f ms  errors=%d%n",
        channel, clients, r.messages(), r.messages() / r.seconds(), pct(s, 0.5), pct(s, 0.99), r.errors());
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) return 0;
    int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }
}
