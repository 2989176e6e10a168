package org.swiftline.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.TestGateway;

/** The chat API of CONTRACT §3 against the real server, the real knowledge base and a real SQLite file. */
class ChatApiTest {
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static JsonObject chat(String userId, String text) {
    HttpResponse<Buffer> r = gateway.chat(new JsonObject().put("userId", userId).put("text", text));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  private static long rows(String table) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gateway.data.resolve("swiftline.db"));
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertRejected(int status, String contentType, Buffer body, String errorContains) {
    long conversations = rows("conversations");
    long messages = rows("messages");
    HttpResponse<Buffer> r = gateway.post("/api/v1/chat", contentType, body);
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
    String error = r.bodyAsJsonObject().getString("error");
    assertNotNull(error);
    assertTrue(error.contains(errorContains), "error '" + error + "' should mention '" + errorContains + "'");
    assertEquals(conversations, rows("conversations"), "no conversation may be stored");
    assertEquals(messages, rows("messages"), "no message may be stored");
  }

  private static Buffer json(JsonObject o) {
    return o.toBuffer();
  }

  @Test
  void healthIsLiveAndReady() {
    assertEquals(200, gateway.get("/health/live").statusCode());
    HttpResponse<Buffer> ready = gateway.get("/health/ready");
    assertEquals(200, ready.statusCode());
    assertEquals("UP", ready.bodyAsJsonObject().getString("knowledgeBase"));
  }

  @Test
  void rejectsMalformedJson() {
    assertRejected(400, "application/json", Buffer.buffer("{\"userId\": \"a\", \"text\": "), "not valid JSON");
  }

  @Test
  void rejectsJsonThatIsNotAnObject() {
    assertRejected(400, "application/json", Buffer.buffer("[1,2]"), "JSON object");
  }

  @Test
  void rejectsWrongContentType() {
    assertRejected(415, "text/plain", json(new JsonObject().put("userId", "a").put("text", "hello")), "application/json");
  }

  @Test
  void rejectsMissingContentType() {
    assertRejected(415, null, json(new JsonObject().put("userId", "a").put("text", "hello")), "application/json");
  }

  @Test
  void rejectsMissingUserId() {
    assertRejected(400, "application/json", json(new JsonObject().put("text", "hello")), "userId is required");
  }

  @Test
  void rejectsMissingText() {
    assertRejected(400, "application/json", json(new JsonObject().put("userId", "a")), "text is required");
  }

  @Test
  void rejectsEmptyAndBlankText() {
    assertRejected(400, "application/json", json(new JsonObject().put("userId", "a").put("text", "")), "text must not be empty");
    assertRejected(400, "application/json", json(new JsonObject().put("userId", "a").put("text", "  \n ")), "text must not be empty");
  }

  @Test
  void rejectsTextOf4001CharactersAndAccepts4000() {
    assertRejected(400, "application/json", json(new JsonObject().put("userId", "a").put("text", "a".repeat(4001))), "at most 4000");
    // Characters, not bytes: 4000 Chinese characters are 12000 bytes and still fine.
    JsonObject ok = chat("long-text-user", "签".repeat(4000));
    assertNotNull(ok.getString("outcome"));
  }

  @Test
  void rejectsWrongFieldTypes() {
    assertRejected(400, "application/json", json(new JsonObject().put("userId", 42).put("text", "hi")), "userId must be a string");
    assertRejected(400, "application/json", json(new JsonObject().put("userId", "a").put("text", List.of("hi"))), "text must be a string");
  }

  @Test
  void rejectsMalformedLanguageHint() {
    assertRejected(400, "application/json",
        json(new JsonObject().put("userId", "a").put("text", "hi").put("language", "english!")), "BCP-47");
  }

  @Test
  void rejectsUnknownConversation() {
    assertRejected(404, "application/json",
        json(new JsonObject().put("userId", "a").put("text", "hi").put("conversationId", "doesnotexist")), "conversation not found");
  }

  @Test
  void rejectsInvalidUtf8() {
    Buffer body = Buffer.buffer("{\"userId\":\"a\",\"text\":\"")
        .appendBytes(new byte[] {(byte) 0xC3, (byte) 0x28})
        .appendString("\"}");
    assertRejected(400, "application/json", body, "not valid UTF-8");
  }

  @Test
  void rejectsOversizedBody() {
    assertRejected(413, "application/json", Buffer.buffer("{\"text\":\"" + "x".repeat(70_000) + "\"}"), "too large");
  }

  @Test
  void unknownRouteIsJson404() {
    HttpResponse<Buffer> r = gateway.get("/no/such/thing");
    assertEquals(404, r.statusCode());
    assertEquals("not found", r.bodyAsJsonObject().getString("error"));
  }

  @Test
  void answersAnEnglishQuestionFromTheRightArticle() {
    JsonObject turn = chat("en-user", "how can I extend my visa?");
    assertEquals("en", turn.getString("language"));
    assertEquals("answered", turn.getString("outcome"));
    assertEquals("visa-extension", turn.getJsonObject("match").getString("articleId"));
    JsonObject reply = turn.getJsonArray("replies").getJsonObject(0);
    assertTrue(reply.getString("text").contains("Exit and Entry"), reply.getString("text"));
    assertEquals(2, reply.getJsonArray("quickReplies").size(), "offers 'helped' / 'did not help'");
    assertNotNull(turn.getString("conversationId"));
  }

  @Test
  void answersAChineseQuestionInChinese() {
    JsonObject turn = chat("zh-user", "护照丢了怎么办");
    assertEquals("zh", turn.getString("language"));
    assertEquals("answered", turn.getString("outcome"));
    assertEquals("lost-passport", turn.getJsonObject("match").getString("articleId"));
    String text = turn.getJsonArray("replies").getJsonObject(0).getString("text");
    assertTrue(text.codePoints().anyMatch(Character::isIdeographic), text);
  }

  @Test
  void findsTheArticleForEnglishWordsInAMessageInAnotherScript() {
    // no Arabic or Japanese text of the knowledge base has "extension" or "residence": they are searched in English
    String[][] cases = {{"ابي visa extension في بكين", "ar", "visa-extension"}, {"residence permit の更新はどこで", "ja", "residence-permit"}};
    for (String[] c : cases) {
      JsonObject turn = chat("mixed-" + c[1], c[0]);
      assertEquals(c[1], turn.getString("language"), turn.encodePrettily());
      assertTrue(List.of("answered", "clarify").contains(turn.getString("outcome")), turn.encodePrettily());
      assertEquals(c[2], turn.getJsonObject("match").getString("articleId"), turn.encodePrettily());
    }
  }

  @Test
  void saysPlainlyWhenItHasNoAnswerAndOffersAnAppealOrOperator() {
    JsonObject turn = chat("oos-user", "what is the best peking duck restaurant near the lama temple");
    assertEquals("no_answer", turn.getString("outcome"));
    assertNull(turn.getValue("match"));
    JsonArray offers = turn.getJsonArray("replies").getJsonObject(0).getJsonArray("quickReplies");
    assertEquals("request:appeal", offers.getJsonObject(0).getString("payload"));
    assertEquals("request:operator", offers.getJsonObject(1).getString("payload"));
  }

  @Test
  void clarifiesWithChoicesAndAnswersThePickedOne() {
    JsonObject turn = chat("clarify-user", "passport");
    assertEquals("clarify", turn.getString("outcome"), turn.encodePrettily());
    JsonArray choices = turn.getJsonArray("replies").getJsonObject(0).getJsonArray("quickReplies");
    assertTrue(choices.size() >= 2);
    JsonObject second = choices.getJsonObject(1);
    HttpResponse<Buffer> r = gateway.chat(new JsonObject().put("userId", "clarify-user")
        .put("conversationId", turn.getString("conversationId"))
        .put("text", second.getString("title")).put("payload", second.getString("payload")));
    JsonObject picked = r.bodyAsJsonObject();
    assertEquals("answered", picked.getString("outcome"));
    assertEquals(second.getString("payload"), "article:" + picked.getJsonObject("match").getString("articleId"));
  }

  @Test
  void aChoiceCanBePickedByItsNumber() {
    JsonObject turn = chat("number-user", "passport");
    assertEquals("clarify", turn.getString("outcome"));
    String first = turn.getJsonArray("replies").getJsonObject(0).getJsonArray("quickReplies").getJsonObject(0).getString("payload");
    JsonObject picked = gateway.chat(new JsonObject().put("userId", "number-user")
        .put("conversationId", turn.getString("conversationId")).put("text", "1")).bodyAsJsonObject();
    assertEquals("answered", picked.getString("outcome"));
    assertEquals(first, "article:" + picked.getJsonObject("match").getString("articleId"));
  }

  @Test
  void aConversationKeepsItsLanguageForShortAmbiguousFollowUps() {
    JsonObject first = chat("ru-user", "как продлить визу в пекине");
    assertEquals("ru", first.getString("language"));
    JsonObject next = gateway.chat(new JsonObject().put("userId", "ru-user")
        .put("conversationId", first.getString("conversationId")).put("text", "ok")).bodyAsJsonObject();
    assertEquals("ru", next.getString("language"));
  }

  @Test
  void someoneElsesConversationIsNotFound() {
    JsonObject mine = chat("owner", "how can I extend my visa?");
    HttpResponse<Buffer> r = gateway.chat(new JsonObject().put("userId", "intruder")
        .put("conversationId", mine.getString("conversationId")).put("text", "hello"));
    assertEquals(404, r.statusCode());
    HttpResponse<Buffer> transcript = gateway.get("/api/v1/chat/" + mine.getString("conversationId") + "/messages?userId=intruder");
    assertEquals(404, transcript.statusCode());
  }

  @Test
  void repeatedDidNotHelpLeadsToTheNoAnswerPath() {
    JsonObject answer = chat("unhappy", "how can I extend my visa?");
    String id = answer.getString("conversationId");
    JsonObject first = gateway.chat(new JsonObject().put("userId", "unhappy").put("conversationId", id)
        .put("text", "That didn't help").put("payload", "feedback:not_helpful")).bodyAsJsonObject();
    assertEquals("feedback_recorded", first.getString("outcome"));
    JsonObject again = gateway.chat(new JsonObject().put("userId", "unhappy").put("conversationId", id)
        .put("text", "my visa extension question")).bodyAsJsonObject();
    assertEquals("answered", again.getString("outcome"), again.encodePrettily());
    JsonObject second = gateway.chat(new JsonObject().put("userId", "unhappy").put("conversationId", id)
        .put("text", "that did not help")).bodyAsJsonObject();
    assertEquals("no_answer", second.getString("outcome"));
    assertTrue(rows("answer_feedback") >= 2);
  }

  @Test
  void recognisesRequestsForAnOperatorAndComplaintsInSeveralLanguages() {
    assertEquals("handoff_requested", chat("op1", "operator please").getString("outcome"));
    assertEquals("handoff_requested", chat("op2", "转人工").getString("outcome"));
    assertEquals("appeal_collecting", chat("op3", "我要投诉").getString("outcome"));
    assertEquals("appeal_collecting", chat("op4", "I want to complain").getString("outcome"));
  }

  @Test
  void transcriptAndWebSocketCatchUpAfterASequenceNumber() throws Exception {
    JsonObject turn = chat("ws-user", "how can I extend my visa?");
    String id = turn.getString("conversationId");
    assertEquals(2, turn.getLong("lastSeq"));
    JsonObject transcript = gateway.get("/api/v1/chat/" + id + "/messages?userId=ws-user&after=1").bodyAsJsonObject();
    JsonArray messages = transcript.getJsonArray("messages");
    assertEquals(1, messages.size());
    assertEquals("bot", messages.getJsonObject(0).getString("author"));

    CompletableFuture<JsonObject> received = new CompletableFuture<>();
    WebSocketClient ws = gateway.vertx.createWebSocketClient();
    ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port)
            .setURI("/api/v1/chat/ws?userId=ws-user&conversationId=" + id + "&after=0"))
        .onSuccess(socket -> socket.textMessageHandler(text -> {
          JsonObject event = new JsonObject(text);
          if (event.getLong("seq", 0L) == 2) received.complete(event);
        }))
        .onFailure(received::completeExceptionally);
    JsonObject event = received.get(10, TimeUnit.SECONDS);
    assertEquals("message", event.getString("type"));
    assertFalse(event.getString("text").isBlank());
    ws.close().await();
  }

  @Test
  void knowledgeBaseStatusReportsCalibration() {
    JsonObject status = gateway.get("/api/v1/knowledge-base").bodyAsJsonObject();
    assertTrue(status.getBoolean("ready"));
    assertTrue(status.getInteger("articles") >= 45);
    assertTrue(status.getJsonObject("calibration").getJsonObject("languages").containsKey("en"));
  }
}
