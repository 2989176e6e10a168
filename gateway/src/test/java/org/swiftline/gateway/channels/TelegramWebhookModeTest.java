package org.swiftline.gateway.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.TestGateway;

/**
 * The Telegram channel in webhook mode: the gateway registers its URL and secret with setWebhook and takes
 * updates on its own route, which checks {@code X-Telegram-Bot-Api-Secret-Token}.
 */
class TelegramWebhookModeTest {
  static final String PATH = "/telegram/hook-7f3a";
  static final String SECRET = "s3cret-Token_for-tests";
  static LocalBotApi api;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    api = new LocalBotApi();
    gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase(), Map.of(
        "SWIFTLINE_TELEGRAM_TOKEN", LocalBotApi.TOKEN,
        "SWIFTLINE_TELEGRAM_API_URL", api.url(),
        "SWIFTLINE_TELEGRAM_WEBHOOK_URL", "https://hotline.example.test" + PATH,
        "SWIFTLINE_TELEGRAM_WEBHOOK_SECRET", SECRET));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    api.close();
  }

  private static HttpResponse<Buffer> post(JsonObject update, String secret) {
    var request = gateway.client.post(PATH).putHeader("Content-Type", "application/json");
    if (secret != null) request.putHeader("X-Telegram-Bot-Api-Secret-Token", secret);
    return request.sendBuffer(update.toBuffer()).await();
  }

  private static JsonObject update(long updateId, long chatId, String text) {
    return new JsonObject().put("update_id", updateId).put("message", LocalBotApi.message(chatId, text, "en"));
  }

  @Test
  void registersTheWebhookWithItsSecretAndDoesNotPoll() {
    JsonObject params = api.await("setWebhook", p -> true, 1, Duration.ofSeconds(5)).get(0).params();
    assertEquals("https://hotline.example.test" + PATH, params.getString("url"));
    assertEquals(SECRET, params.getString("secret_token"));
    assertEquals(new JsonArray().add("message").add("callback_query"), new JsonArray(params.getString("allowed_updates")));
    assertEquals(List.of(), api.calls("getUpdates"));
    assertEquals(List.of(), api.calls("deleteWebhook"));
  }

  @Test
  void aWrongOrMissingSecretGets401AndIsIgnored() throws InterruptedException {
    long chat = 6100000001L;
    HttpResponse<Buffer> wrong = post(update(7001, chat, "how can I extend my visa?"), "not-the-secret");
    assertEquals(401, wrong.statusCode());
    assertTrue(wrong.bodyAsJsonObject().getString("error").contains("X-Telegram-Bot-Api-Secret-Token"));
    assertEquals(401, post(update(7001, chat, "how can I extend my visa?"), null).statusCode());
    assertEquals(401, post(update(7001, chat, "how can I extend my visa?"), SECRET + "x").statusCode());
    Thread.sleep(500);
    assertEquals(0, TelegramChannelTest.conversations(gateway, chat), "nothing stored");
    assertEquals(List.of(), api.calls("sendMessage", p -> p.getValue("chat_id").toString().equals(String.valueOf(chat))));

    // the same update with the right secret is handled
    assertEquals(200, post(update(7001, chat, "how can I extend my visa?"), SECRET).statusCode());
    assertTrue(api.awaitMessages(chat, 1).get(0).params().getString("text").contains("Exit and Entry"));
  }

  @Test
  void anUpdateDeliveredTwiceIsHandledOnce() throws InterruptedException {
    long chat = 6100000002L;
    JsonObject update = update(7101, chat, "how can I extend my visa?");
    assertEquals(200, post(update, SECRET).statusCode());
    assertEquals(200, post(update, SECRET).statusCode(), "a repeat is acknowledged, so Telegram stops sending it");
    api.awaitMessages(chat, 1);
    Thread.sleep(1500);
    assertEquals(1, api.calls("sendMessage", p -> p.getValue("chat_id").toString().equals(String.valueOf(chat))).size());
    assertEquals(List.of(List.of("answered", "visa-extension")), TelegramChannelTest.botEntries(gateway, chat));

    // a later update of the chat continues its conversation
    assertEquals(200, post(update(7102, chat, "how much is the fee?"), SECRET).statusCode());
    api.awaitMessages(chat, 2);
    assertEquals(1, TelegramChannelTest.conversations(gateway, chat));
    assertEquals(2, TelegramChannelTest.botEntries(gateway, chat).size());
  }

  @Test
  void aMalformedUpdateIsRefused() {
    var response = gateway.client.post(PATH).putHeader("Content-Type", "application/json")
        .putHeader("X-Telegram-Bot-Api-Secret-Token", SECRET).sendBuffer(Buffer.buffer("{not json")).await();
    assertEquals(400, response.statusCode());
  }
}
