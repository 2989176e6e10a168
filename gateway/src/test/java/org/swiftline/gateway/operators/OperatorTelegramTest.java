package org.swiftline.gateway.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.TestGateway;
import org.swiftline.gateway.channels.LocalBotApi;

/**
 * A person on Telegram and an operator: the real gateway with TelegramBots' long polling against a local
 * Bot API server, the operator on the console API and WebSocket.
 */
class OperatorTelegramTest {
  static LocalBotApi api;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    api = new LocalBotApi();
    Path data = TestGateway.newData();
    OperatorAuthTest.addWithCommandLine(data, "wang", "operator", "zh,en", OperatorLiveTest.PASSWORD);
    gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase(), data,
        Map.of("SWIFTLINE_TELEGRAM_TOKEN", LocalBotApi.TOKEN, "SWIFTLINE_TELEGRAM_API_URL", api.url()), java.time.Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    gateway.close();
    api.close();
  }

  private static List<LocalBotApi.Call> messages(long chat, int count) {
    return api.await("sendMessage", p -> String.valueOf(chat).equals(p.getValue("chat_id").toString()), count,
        Duration.ofSeconds(30));
  }

  @Test
  void aPersonOnTelegramTalksWithAnOperator() throws Exception {
    ConsoleClient wang = new ConsoleClient(gateway);
    assertEquals(200, wang.signIn("wang", OperatorLiveTest.PASSWORD).statusCode());
    long chat = 7300112233L;
    api.pushText(chat, "operator please", "en");
    assertTrue(messages(chat, 1).get(0).params().getString("text").startsWith("I have asked an operator to join"));

    JsonArray queue = wang.get("/api/v1/operators/queue").bodyAsJsonArray();
    JsonObject item = queue.stream().map(o -> (JsonObject) o).filter(e -> e.getString("channel").equals("telegram"))
        .findFirst().orElseThrow(() -> new AssertionError(queue.encode()));
    String id = item.getString("conversationId");
    try (ConsoleClient.Socket console = wang.connect()) {
      assertEquals(200, wang.post("/api/v1/operators/conversations/" + id + "/claim", null).statusCode());
      assertEquals("An operator has joined the conversation.", messages(chat, 2).get(1).params().getString("text"));

      HttpResponse<Buffer> sent = wang.post("/api/v1/operators/conversations/" + id + "/messages",
          new JsonObject().put("text", "Hello, this is **Wang** from the hotline."));
      assertEquals(201, sent.statusCode(), sent.bodyAsString());
      assertEquals("Hello, this is <b>Wang</b> from the hotline.", messages(chat, 3).get(2).params().getString("text"));

      api.pushText(chat, "my streetlight is broken", "en");
      JsonObject entry;
      do {
        entry = console.nextEntry(id);
      } while (!"user".equals(entry.getString("author")));
      assertEquals("my streetlight is broken", entry.getString("text"));
      // The bot stayed silent: the person's message is the last entry of the transcript.
      JsonArray transcript = wang.get("/api/v1/operators/conversations/" + id).bodyAsJsonObject().getJsonArray("transcript");
      JsonObject last = transcript.getJsonObject(transcript.size() - 1);
      assertEquals("user", last.getString("author"));
      assertNotNull(last.getString("text"));
    }
  }
}
