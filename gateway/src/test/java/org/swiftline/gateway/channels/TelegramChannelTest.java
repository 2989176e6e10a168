package org.swiftline.gateway.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.Outbound;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.gateway.TestGateway;
import org.swiftline.gateway.channels.LocalBotApi.Call;

/**
 * The Telegram channel in long-polling mode: the real gateway, TelegramBots' real client and long-polling
 * code, against {@link LocalBotApi} on loopback.
 */
class TelegramChannelTest {
  static LocalBotApi api;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    api = new LocalBotApi();
    gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase(),
        Map.of("SWIFTLINE_TELEGRAM_TOKEN", LocalBotApi.TOKEN, "SWIFTLINE_TELEGRAM_API_URL", api.url()));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    api.close();
  }

  /** The bot's transcript entries for a chat: [outcome, article] per bot message, in order. */
  static List<List<String>> botEntries(TestGateway gateway, long chatId) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gateway.data.resolve("swiftline.db"));
        PreparedStatement ps = c.prepareStatement("""
            SELECT m.outcome, m.article_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE c.channel = 'telegram' AND c.user_id = ? AND m.author = 'bot' ORDER BY c.created_at, m.seq""")) {
      ps.setString(1, String.valueOf(chatId));
      List<List<String>> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) rows.add(java.util.Arrays.asList(rs.getString(1), rs.getString(2)));
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long conversations(TestGateway gateway, long chatId) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gateway.data.resolve("swiftline.db"));
        PreparedStatement ps = c.prepareStatement(
            "SELECT COUNT(*) FROM conversations WHERE channel = 'telegram' AND user_id = ?")) {
      ps.setString(1, String.valueOf(chatId));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String conversationId(TestGateway gateway, long chatId) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gateway.data.resolve("swiftline.db"));
        PreparedStatement ps = c.prepareStatement("SELECT id FROM conversations WHERE channel = 'telegram' AND user_id = ?")) {
      ps.setString(1, String.valueOf(chatId));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> callbackData(JsonObject sendMessage) {
    List<String> data = new ArrayList<>();
    JsonObject markup = LocalBotApi.replyMarkup(sendMessage);
    if (markup == null) return data;
    for (Object row : markup.getJsonArray("inline_keyboard")) {
      for (Object button : (JsonArray) row) data.add(((JsonObject) button).getString("callback_data"));
    }
    return data;
  }

  @Test
  void aQuestionIsAnsweredFromTheKnowledgeBaseWithFeedbackButtons() {
    long chat = 5120398471L;
    api.pushText(chat, "how can I extend my visa?", "en");
    JsonObject reply = api.awaitMessages(chat, 1).get(0).params();
    assertTrue(reply.getString("text").contains("<b>Exit and Entry Administration</b>"), reply.getString("text"));
    assertEquals("HTML", reply.getString("parse_mode"));
    assertEquals(List.of("feedback:helpful", "feedback:not_helpful"), callbackData(reply));
    assertEquals(List.of(List.of("answered", "visa-extension")), botEntries(gateway, chat));
  }

  @Test
  void aClarifyingQuestionIsAnsweredByPressingAButton() {
    long chat = 5120398472L;
    api.pushText(chat, "fee", "en");
    JsonObject clarify = api.awaitMessages(chat, 1).get(0).params();
    List<String> choices = callbackData(clarify);
    assertTrue(choices.size() >= 2 && choices.stream().allMatch(d -> d.startsWith("article:")), choices.toString());
    assertEquals("clarify", botEntries(gateway, chat).get(0).get(0));

    JsonObject press = api.pushCallback(chat, clarify, choices.get(1), "en");
    String queryId = press.getJsonObject("callback_query").getString("id");
    api.await("answerCallbackQuery", p -> queryId.equals(p.getString("callback_query_id")), 1, Duration.ofSeconds(10));
    JsonObject answer = api.awaitMessages(chat, 2).get(1).params();
    assertEquals(List.of("feedback:helpful", "feedback:not_helpful"), callbackData(answer));
    String article = choices.get(1).substring("article:".length());
    assertEquals(List.of("answered", article), botEntries(gateway, chat).get(1));
    assertEquals(1, conversations(gateway, chat), "one conversation per chat");
  }

  @Test
  void startGreetsInThePersonsTelegramLanguage() {
    long chat = 5120398473L;
    api.pushText(chat, "/start", "ru");
    String text = api.awaitMessages(chat, 1).get(0).params().getString("text");
    assertTrue(text.startsWith("Здравствуйте!"), text);
    api.pushText(chat + 100, "/start", "sw"); // a language without the sentence: English
    assertTrue(api.awaitMessages(chat + 100, 1).get(0).params().getString("text").startsWith("Hello!"));
  }

  @Test
  void langShowsTheKnowledgeBaseLanguagesAndAPickIsConfirmedInIt() {
    long chat = 5120398474L;
    api.pushText(chat, "/lang", "en");
    JsonObject menu = api.awaitMessages(chat, 1).get(0).params();
    assertEquals("Choose your language:", menu.getString("text"));
    assertEquals(List.of("lang:ar", "lang:en", "lang:es", "lang:fr", "lang:ja", "lang:ko", "lang:ru", "lang:zh"), callbackData(menu));
    api.pushCallback(chat, menu, "lang:zh", "en");
    assertEquals("好的，我会使用中文。", api.awaitMessages(chat, 2).get(1).params().getString("text"));
    api.pushText(chat, "/start", "en");
    assertTrue(api.awaitMessages(chat, 3).get(2).params().getString("text").startsWith("您好"), "the pick outlasts Telegram's language");
  }

  @Test
  void operatorAndAppealCommandsBecomeRequests() {
    long chat = 5120398475L;
    api.pushText(chat, "/operator", "en");
    api.awaitMessages(chat, 1);
    api.pushText(chat, "/appeal", "en");
    api.awaitMessages(chat, 2);
    List<String> outcomes = botEntries(gateway, chat).stream().map(r -> r.get(0)).toList();
    assertEquals("handoff_requested", outcomes.get(0));
    assertTrue(outcomes.get(1).startsWith("appeal_"), "the appeal steps began: " + outcomes);
  }

  @Test
  void aPhotoGetsAskedForText() {
    long chat = 5120398476L;
    JsonObject photo = LocalBotApi.message(chat, "x", "en");
    photo.remove("text");
    photo.put("photo", new JsonArray().add(new JsonObject().put("file_id", "AgACAgIAAxkB").put("file_unique_id", "AQAD")
        .put("file_size", 1453).put("width", 90).put("height", 67)));
    api.push("message", photo);
    assertEquals("I can only read text messages. Please write your question.",
        api.awaitMessages(chat, 1).get(0).params().getString("text"));
  }

  @Test
  void tooManyRequestsIsObeyedByWaitingRetryAfter() {
    long chat = 5120398477L;
    api.failNext("sendMessage", 429, "Too Many Requests: retry after 2", new JsonObject().put("retry_after", 2));
    api.pushText(chat, "how can I extend my visa?", "en");
    List<Call> attempts = api.awaitMessages(chat, 2);
    long waitedMillis = (attempts.get(1).atNanos() - attempts.get(0).atNanos()) / 1_000_000;
    assertTrue(waitedMillis >= 2000, "retried after " + waitedMillis + " ms");
    assertEquals(attempts.get(0).params().getString("text"), attempts.get(1).params().getString("text"));
    sleep(1500);
    assertEquals(2, api.calls("sendMessage", p -> p.getValue("chat_id").toString().equals(String.valueOf(chat))).size(),
        "delivered once after the 429, no more attempts");
  }

  @Test
  void aTransientFailureIsRetriedWithBackoff() {
    long chat = 5120398478L;
    api.failNextWithPage("sendMessage", 502);
    api.pushText(chat, "/start", "en");
    List<Call> attempts = api.awaitMessages(chat, 2);
    long waitedMillis = (attempts.get(1).atNanos() - attempts.get(0).atNanos()) / 1_000_000;
    assertTrue(waitedMillis >= 450, "retried after " + waitedMillis + " ms");
  }

  @Test
  void aChatThatBlockedTheBotIsDroppedWithoutRetries() {
    long chat = 5120398479L;
    api.failNext("sendMessage", 403, "Forbidden: bot was blocked by the user", null);
    api.pushText(chat, "/start", "en");
    api.awaitMessages(chat, 1);
    sleep(2500);
    assertEquals(1, api.calls("sendMessage", p -> p.getValue("chat_id").toString().equals(String.valueOf(chat))).size());
  }

  @Test
  void messagesOfOneChatAreAnsweredInOrderAboutOneASecond() {
    long chat = 5120398480L;
    api.pushText(chat, "/start", "en");
    api.pushText(chat, "/lang", "en");
    api.pushText(chat, "how can I extend my visa?", "en");
    List<Call> sent = api.awaitMessages(chat, 3);
    assertTrue(sent.get(0).params().getString("text").startsWith("Hello!"));
    assertEquals("Choose your language:", sent.get(1).params().getString("text"));
    assertTrue(sent.get(2).params().getString("text").contains("Exit and Entry"));
    for (int i = 1; i < sent.size(); i++) {
      long gap = (sent.get(i).atNanos() - sent.get(i - 1).atNanos()) / 1_000_000;
      assertTrue(gap >= 950, "only " + gap + " ms between two messages to one chat");
    }
  }

  @Test
  void anOutboundMessageReachesTheChat() {
    long chat = 5120398481L;
    api.pushText(chat, "how can I extend my visa?", "en");
    api.awaitMessages(chat, 1);
    String conversation = conversationId(gateway, chat);
    assertNotNull(conversation);
    Outbound notice = new Outbound(new ChannelIdentity("telegram", String.valueOf(chat)), conversation, List.of(
        new TranscriptEntry(3, "operator", "Hello, this is **Wang** from the hotline.", List.of(), "en", Instant.now())));
    gateway.verticle.channels().send(notice).await();
    assertEquals("Hello, this is <b>Wang</b> from the hotline.", api.awaitMessages(chat, 2).get(1).params().getString("text"));
  }

  @Test
  void pollingAsksForUpdatesAfterTheLastOneHandledAndOnlyMessagesAndButtons() {
    List<Call> polls = api.calls("getUpdates");
    assertFalse(polls.isEmpty());
    JsonObject last = polls.get(polls.size() - 1).params();
    assertTrue(last.getInteger("offset") > 1000, last.encode());
    assertEquals(new JsonArray().add("message").add("callback_query"), last.getJsonArray("allowed_updates"));
    assertEquals(1, api.calls("getMe").size());
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
