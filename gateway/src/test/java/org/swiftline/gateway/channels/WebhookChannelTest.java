package org.swiftline.gateway.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.Outbound;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.bots.webhook.WebhookMapping;
import org.swiftline.gateway.TestGateway;

/**
 * The signed webhook channel against the real gateway: signed requests in, signed and retried deliveries
 * out to a local HTTP server.
 */
class WebhookChannelTest {
  static final String SECRET = "webhook-test-secret-0123456789";
  static final String PATH = "/api/v1/webhook/inbound";
  static Receiver receiver;
  static TestGateway gateway;

  /** The integration's side: records what the gateway POSTs and answers with scripted statuses (else 200). */
  static final class Receiver implements AutoCloseable {
    record Delivery(Map<String, String> headers, byte[] body, long atNanos) {}

    final Vertx vertx = Vertx.vertx();
    final List<Delivery> deliveries = new ArrayList<>();
    final Deque<Integer> statuses = new ArrayDeque<>();
    final HttpServer server;

    Receiver() {
      server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
        Map<String, String> headers = new java.util.HashMap<>();
        request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
        int status;
        synchronized (this) {
          deliveries.add(new Delivery(headers, body.getBytes(), System.nanoTime()));
          status = statuses.isEmpty() ? 200 : statuses.poll();
        }
        request.response().setStatusCode(status).end();
      })).listen(0, "127.0.0.1").await();
    }

    String url() {
      return "http://127.0.0.1:" + server.actualPort() + "/sms/outbound";
    }

    synchronized List<Delivery> deliveries() {
      return List.copyOf(deliveries);
    }

    synchronized void answerNext(int... codes) {
      for (int code : codes) statuses.add(code);
    }

    synchronized void clear() {
      deliveries.clear();
      statuses.clear();
    }

    @Override
    public void close() {
      vertx.close().await();
    }
  }

  @BeforeAll
  static void start() {
    receiver = new Receiver();
    gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase(),
        Map.of("SWIFTLINE_WEBHOOK_SECRET", SECRET, "SWIFTLINE_WEBHOOK_OUTBOUND_URL", receiver.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    receiver.close();
  }

  static HttpResponse<Buffer> send(String body, long timestamp, String secret) {
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    String ts = String.valueOf(timestamp);
    return gateway.client.post(PATH)
        .putHeader("Content-Type", "application/json")
        .putHeader("X-Swiftline-Timestamp", ts)
        .putHeader("X-Swiftline-Signature", WebhookMapping.sign(secret, ts, raw))
        .sendBuffer(Buffer.buffer(raw)).await();
  }

  static HttpResponse<Buffer> send(JsonObject body) {
    return send(body.encode(), Instant.now().getEpochSecond(), SECRET);
  }

  static JsonObject message(String userId, String text, String messageId) {
    return new JsonObject().put("userId", userId).put("text", text).put("messageId", messageId);
  }

  static long rows(String table) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gateway.data.resolve("swiftline.db"));
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aSignedMessageIsAnsweredInTheResponse() {
    HttpResponse<Buffer> r = send(message("+8613800000001", "how can I extend my visa?", "sms-1"));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject turn = r.bodyAsJsonObject();
    assertEquals("answered", turn.getString("outcome"));
    assertEquals("visa-extension", turn.getJsonObject("match").getString("articleId"));
    assertEquals("sms-1", turn.getString("messageId"));
    assertEquals("en", turn.getString("language"));
    assertTrue(turn.getJsonArray("replies").getJsonObject(0).getString("text").contains("Exit and Entry"));
    assertNotNull(turn.getString("conversationId"));

    // the person's next message continues the same conversation
    JsonObject next = send(message("+8613800000001", "how much is the fee?", "sms-2")).bodyAsJsonObject();
    assertEquals(turn.getString("conversationId"), next.getString("conversationId"));
  }

  @Test
  void aRepeatedMessageIdGetsTheFirstAnswerAndIsNotHandledAgain() {
    JsonObject body = message("+8613800000002", "how can I extend my visa?", "sms-77");
    JsonObject first = send(body).bodyAsJsonObject();
    long messages = rows("messages");
    HttpResponse<Buffer> again = send(body);
    assertEquals(200, again.statusCode());
    JsonObject repeat = again.bodyAsJsonObject();
    assertEquals(true, repeat.getBoolean("duplicate"));
    assertEquals(first.getString("conversationId"), repeat.getString("conversationId"));
    assertEquals(first.getLong("lastSeq"), repeat.getLong("lastSeq"));
    assertEquals(messages, rows("messages"), "nothing stored for the repeat");
  }

  @Test
  void badOrOldSignaturesGet401AndNothingIsStored() {
    long conversations = rows("conversations");
    long messages = rows("messages");
    long state = rows("channel_state");
    String body = message("+8613800000003", "how can I extend my visa?", "sms-9").encode();
    long now = Instant.now().getEpochSecond();

    HttpResponse<Buffer> wrongSecret = send(body, now, "another-secret-0123456789");
    assertEquals(401, wrongSecret.statusCode());
    assertTrue(wrongSecret.bodyAsJsonObject().getString("error").contains("X-Swiftline-Signature"));
    HttpResponse<Buffer> old = send(body, now - 301, SECRET);
    assertEquals(401, old.statusCode());
    assertTrue(old.bodyAsJsonObject().getString("error").contains("5 minutes"), old.bodyAsString());
    assertEquals(401, send(body, now + 360, SECRET).statusCode(), "from the future"); // clear of the boundary on a slow machine

    String ts = String.valueOf(now);
    String signature = WebhookMapping.sign(SECRET, ts, body.getBytes(StandardCharsets.UTF_8));
    HttpResponse<Buffer> tampered = gateway.client.post(PATH).putHeader("Content-Type", "application/json")
        .putHeader("X-Swiftline-Timestamp", ts).putHeader("X-Swiftline-Signature", signature)
        .sendBuffer(Buffer.buffer(body.replace("sms-9", "sms-10"))).await();
    assertEquals(401, tampered.statusCode());
    HttpResponse<Buffer> unsigned = gateway.client.post(PATH).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body)).await();
    assertEquals(401, unsigned.statusCode());

    assertEquals(conversations, rows("conversations"));
    assertEquals(messages, rows("messages"));
    assertEquals(state, rows("channel_state"));
  }

  @Test
  void aSignedButMalformedRequestGets400() {
    long now = Instant.now().getEpochSecond();
    assertEquals(400, send("{\"userId\": \"x\"", now, SECRET).statusCode());
    HttpResponse<Buffer> noId = send(new JsonObject().put("userId", "x").put("text", "hi").encode(), now, SECRET);
    assertEquals(400, noId.statusCode());
    assertTrue(noId.bodyAsJsonObject().getString("error").contains("messageId"));
  }

  @Test
  void outboundMessagesArePostedSignedAndRetriedUntilTaken() {
    receiver.clear();
    JsonObject turn = send(message("+8613800000004", "how can I extend my visa?", "sms-40")).bodyAsJsonObject();
    receiver.answerNext(503, 502);
    Outbound notice = new Outbound(new ChannelIdentity("webhook", "+8613800000004"), turn.getString("conversationId"),
        List.of(new TranscriptEntry(3, "operator", "Your appeal 2026-000123 was received.", List.of(), "en", Instant.now())));
    gateway.verticle.channels().send(notice).await();

    List<Receiver.Delivery> deliveries = receiver.deliveries();
    assertEquals(3, deliveries.size(), "two failures, then taken");
    for (Receiver.Delivery d : deliveries) {
      String ts = d.headers().get("x-swiftline-timestamp");
      assertTrue(Math.abs(Long.parseLong(ts) - Instant.now().getEpochSecond()) < 30);
      assertEquals(WebhookMapping.sign(SECRET, ts, d.body()), d.headers().get("x-swiftline-signature"));
      assertEquals(turn.getString("conversationId") + ":3", d.headers().get("x-swiftline-delivery"));
      JsonObject body = new JsonObject(Buffer.buffer(d.body()));
      assertEquals("+8613800000004", body.getString("userId"));
      assertEquals("Your appeal 2026-000123 was received.", body.getJsonArray("messages").getJsonObject(0).getString("text"));
    }
    long firstPause = (deliveries.get(1).atNanos() - deliveries.get(0).atNanos()) / 1_000_000;
    long secondPause = (deliveries.get(2).atNanos() - deliveries.get(1).atNanos()) / 1_000_000;
    assertTrue(firstPause >= 900 && secondPause >= 1900, "backoff " + firstPause + " ms, then " + secondPause + " ms");
  }

  @Test
  void anOutboundMessageTheReceiverRefusesIsNotRetried() throws InterruptedException {
    receiver.clear();
    receiver.answerNext(400);
    Outbound notice = new Outbound(new ChannelIdentity("webhook", "+8613800000005"), "c-unknown",
        List.of(new TranscriptEntry(1, "system", "hello", List.of(), "en", Instant.now())));
    RuntimeException e = assertThrows(RuntimeException.class, () -> gateway.verticle.channels().send(notice).await());
    assertTrue(e.getMessage().contains("400"), e.getMessage());
    Thread.sleep(1500);
    assertEquals(1, receiver.deliveries().size());
  }

  @Test
  void theChannelIsOnBecauseItsSecretIsSet() {
    assertEquals(List.of("web", "webhook"), gateway.verticle.channels().names());
  }
}
