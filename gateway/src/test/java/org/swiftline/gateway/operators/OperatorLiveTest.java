package org.swiftline.gateway.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.TestGateway;

/**
 * Operators and people talking live through a real gateway: the hand-off, the queue by language, claims,
 * messages both ways over the console's and the web chat's WebSockets, resuming without loss or
 * duplicates, assist, filing an appeal, handing back to the bot, and the supervisor's view.
 */
class OperatorLiveTest {
  static final String PASSWORD = "operator password 1";
  static final MutableClock clock = new MutableClock();
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    Path data = TestGateway.newData();
    OperatorAuthTest.addWithCommandLine(data, "wang", "operator", "zh,en", PASSWORD);
    OperatorAuthTest.addWithCommandLine(data, "olga", "operator", "ru", PASSWORD);
    OperatorAuthTest.addWithCommandLine(data, "sam", "supervisor", "en", PASSWORD);
    gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase(), data, Map.of(), clock);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static ConsoleClient signedIn(String name) {
    ConsoleClient c = new ConsoleClient(gateway);
    HttpResponse<Buffer> r = c.signIn(name, PASSWORD);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return c;
  }

  /** A person on the web chat. */
  private static final class Person implements AutoCloseable {
    final String userId;
    String conversationId;
    long lastSeq;
    final BlockingQueue<JsonObject> pushed = new LinkedBlockingQueue<>();
    WebSocketClient client;
    WebSocket ws;

    Person(String userId) {
      this.userId = userId;
    }

    JsonObject say(String text) {
      return send(text, null);
    }

    /** Picks a quick reply, as the widget does: its payload, with the payload as the text. */
    JsonObject pick(String payload) {
      return send(payload, payload);
    }

    JsonObject send(String text, String payload) {
      JsonObject body = new JsonObject().put("userId", userId).put("text", text);
      if (payload != null) body.put("payload", payload);
      if (conversationId != null) body.put("conversationId", conversationId);
      HttpResponse<Buffer> r = gateway.chat(body);
      assertEquals(200, r.statusCode(), r.bodyAsString());
      JsonObject turn = r.bodyAsJsonObject();
      conversationId = turn.getString("conversationId");
      lastSeq = turn.getLong("lastSeq", lastSeq);
      return turn;
    }

    /** Opens the chat WebSocket, as the widget does, from what the person has seen. */
    void connect() {
      client = gateway.vertx.createWebSocketClient();
      ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port)
          .setURI("/api/v1/chat/ws?userId=" + userId + "&conversationId=" + conversationId + "&after=" + lastSeq))
          .onSuccess(socket -> socket.textMessageHandler(text -> pushed.add(new JsonObject(text)))).await();
    }

    /** The next message pushed to the person's chat. */
    JsonObject nextMessage() throws InterruptedException {
      while (true) {
        JsonObject event = pushed.poll(10, TimeUnit.SECONDS);
        if (event == null) throw new AssertionError("nothing was pushed to the person");
        if ("message".equals(event.getString("type"))) return event;
      }
    }

    @Override
    public void close() {
      if (ws != null) ws.close().await();
      if (client != null) client.close().await();
    }
  }

  private static JsonObject queueEntry(JsonArray queue, String conversationId) {
    for (Object o : queue) {
      JsonObject e = (JsonObject) o;
      if (conversationId.equals(e.getString("conversationId"))) return e;
    }
    return null;
  }

  /** A person who asked for an operator and whom {@code operator} has claimed. */
  private static Person claimedBy(ConsoleClient operator, String userId, String text) {
    Person p = new Person(userId);
    p.say(text);
    assertEquals("handoff_requested", p.say("operator please").getString("outcome"));
    HttpResponse<Buffer> claimed = operator.post("/api/v1/operators/conversations/" + p.conversationId + "/claim", null);
    assertEquals(200, claimed.statusCode(), claimed.bodyAsString());
    return p;
  }

  @Test
  void aPersonAskingWhenNobodyIsOnDutyIsToldSoAndOfferedAnAppeal() {
    clock.advance(Duration.ofMinutes(3)); // every console's lease has run out
    Person p = new Person("nobody-on-duty");
    JsonObject turn = p.say("operator please");
    assertEquals("handoff_requested", turn.getString("outcome"));
    JsonObject reply = turn.getJsonArray("replies").getJsonObject(0);
    assertTrue(reply.getString("text").startsWith("No operator is on duty right now"), reply.encode());
    assertEquals("request:appeal", reply.getJsonArray("quickReplies").getJsonObject(0).getString("payload"));
    ConsoleClient sam = signedIn("sam");
    assertNull(queueEntry(sam.get("/api/v1/operators/queue").bodyAsJsonArray(), p.conversationId));
  }

  @Test
  void anUpsetPersonIsStillAnsweredAndTheirChatIsOfferedToTheOperators() throws Exception {
    ConsoleClient wang = signedIn("wang");
    try (ConsoleClient.Socket console = wang.connect(); Person p = new Person("upset-person")) {
      console.next("queue");
      JsonObject turn = p.say("this is ridiculous, how do I extend my visa?");
      // the bot still does its job
      assertTrue(List.of("answered", "clarify").contains(turn.getString("outcome")), turn.encode());
      JsonObject queued;
      do {
        queued = queueEntry(console.next("queue").getJsonArray("queue"), p.conversationId);
      } while (queued == null);
      assertEquals("upset", queued.getString("reason"));
      try (Person calm = new Person("calm-person")) {
        calm.say("how do I extend my visa?");
        assertNull(queueEntry(wang.get("/api/v1/operators/queue").bodyAsJsonArray(), calm.conversationId));
      }
    }
  }

  @Test
  void theOperatorAndThePersonTalkLiveBothWays() throws Exception {
    ConsoleClient wang = signedIn("wang");
    try (ConsoleClient.Socket console = wang.connect(); Person p = new Person("live-person")) {
      console.next("queue");
      JsonObject asked = p.say("operator please");
      assertEquals("handoff_requested", asked.getString("outcome"));
      assertTrue(asked.getJsonArray("replies").getJsonObject(0).getString("text").startsWith("I have asked an operator to join"));

      JsonObject queued;
      do {
        queued = queueEntry(console.next("queue").getJsonArray("queue"), p.conversationId);
      } while (queued == null);
      assertEquals("asked_for_operator", queued.getString("reason"));
      assertEquals("en", queued.getString("language"));
      assertEquals("web", queued.getString("channel"));
      assertEquals("operator please", queued.getString("preview"));
      assertNull(queued.getString("claimedBy"));

      p.connect();
      HttpResponse<Buffer> claimed = wang.post("/api/v1/operators/conversations/" + p.conversationId + "/claim", null);
      assertEquals(200, claimed.statusCode(), claimed.bodyAsString());
      JsonObject view = claimed.bodyAsJsonObject();
      assertEquals("wang", view.getString("claimedBy"));
      assertEquals("operator please", view.getJsonArray("transcript").getJsonObject(0).getString("text"));
      assertEquals("claimed", console.next("claimed").getString("type"));

      JsonObject joined = p.nextMessage();
      assertEquals("system", joined.getString("author"));
      assertEquals("An operator has joined the conversation.", joined.getString("text"));

      HttpResponse<Buffer> sent = wang.post("/api/v1/operators/conversations/" + p.conversationId + "/messages",
          new JsonObject().put("text", "Hello, this is Wang from the hotline."));
      assertEquals(201, sent.statusCode(), sent.bodyAsString());
      assertEquals("operator", sent.bodyAsJsonObject().getString("author"));
      JsonObject delivered = p.nextMessage();
      assertEquals("operator", delivered.getString("author"));
      assertEquals("Hello, this is Wang from the hotline.", delivered.getString("text"));

      JsonObject silent = p.say("The streetlight outside my building is broken");
      assertEquals("operator", silent.getString("outcome"));
      assertTrue(silent.getJsonArray("replies").isEmpty());
      JsonObject relayed;
      do {
        relayed = console.nextEntry(p.conversationId);
      } while (!"user".equals(relayed.getString("author")));
      assertEquals("The streetlight outside my building is broken", relayed.getString("text"));
      assertEquals(silent.getLong("lastSeq"), relayed.getLong("seq"));

      // Nobody else may type into it or take it.
      ConsoleClient olga = signedIn("olga");
      HttpResponse<Buffer> intruding = olga.post("/api/v1/operators/conversations/" + p.conversationId + "/messages",
          new JsonObject().put("text", "hi"));
      assertEquals(403, intruding.statusCode());
      HttpResponse<Buffer> stealing = olga.post("/api/v1/operators/conversations/" + p.conversationId + "/claim", null);
      assertEquals(409, stealing.statusCode());
      assertEquals("claimed by wang", stealing.bodyAsJsonObject().getString("error"));
      assertEquals(400, wang.post("/api/v1/operators/conversations/" + p.conversationId + "/messages",
          new JsonObject().put("text", "x".repeat(4001))).statusCode());

      HttpResponse<Buffer> back = wang.post("/api/v1/operators/conversations/" + p.conversationId + "/handback", null);
      assertEquals(200, back.statusCode(), back.bodyAsString());
      JsonObject left = p.nextMessage();
      assertEquals("system", left.getString("author"));
      assertTrue(left.getString("text").startsWith("The operator has left"), left.encode());
      assertFalse("operator".equals(p.say("how do I open a bank account as a foreigner").getString("outcome")));
      assertEquals(404, wang.post("/api/v1/operators/conversations/" + p.conversationId + "/messages",
          new JsonObject().put("text", "still there?")).statusCode());

      JsonArray audit = signedIn("sam").get("/api/v1/supervisor/live").bodyAsJsonObject().getJsonArray("operators");
      assertNotNull(audit);
    }
  }

  @Test
  void aReconnectingConsoleGetsEveryEntryOnceInOrder() throws Exception {
    ConsoleClient wang = signedIn("wang");
    Person p = claimedBy(wang, "resume-person", "hello");
    long seen;
    try (ConsoleClient.Socket first = wang.connect()) {
      first.send(new JsonObject().put("type", "resume").put("conversationId", p.conversationId).put("after", 0));
      JsonObject entry;
      long expected = 1;
      do {
        entry = first.nextEntry(p.conversationId);
        assertEquals(expected++, entry.getLong("seq"));
      } while (!entry.getString("text").equals("An operator has joined the conversation."));
      seen = entry.getLong("seq");
    }
    // While the console is away: two messages from the person, one from the operator (another tab).
    p.say("are you there?");
    wang.post("/api/v1/operators/conversations/" + p.conversationId + "/messages", new JsonObject().put("text", "Yes, one moment."));
    p.say("thank you");
    try (ConsoleClient.Socket second = wang.connect()) {
      second.send(new JsonObject().put("type", "resume").put("conversationId", p.conversationId).put("after", seen));
      List<String> texts = new ArrayList<>();
      for (long seq = seen + 1; seq <= seen + 3; seq++) {
        JsonObject entry = second.nextEntry(p.conversationId);
        assertEquals(seq, entry.getLong("seq"));
        texts.add(entry.getString("text"));
      }
      assertEquals(List.of("are you there?", "Yes, one moment.", "thank you"), texts);
      // Live again: the next one arrives once, and nothing old is repeated before it.
      p.say("one more thing");
      JsonObject live = second.nextEntry(p.conversationId);
      assertEquals(seen + 4, live.getLong("seq"));
      assertEquals("one more thing", live.getString("text"));
      second.send(new JsonObject().put("type", "ping"));
      second.next("pong");
      assertTrue(second.inbox.stream().noneMatch(e -> "entry".equals(e.getString("type"))), second.inbox.toString());
    }
    wang.post("/api/v1/operators/conversations/" + p.conversationId + "/resolve", null);
  }

  @Test
  void anAppealLeftInTriageIsOfferedToTheOperators() {
    ConsoleClient wang = signedIn("wang");
    Person p = new Person("triage-person");
    p.say("I want to complain");
    p.say("zxq blorp fnord");
    p.say("Haidian");
    p.pick("appeal:skip");
    p.pick("appeal:skip");
    assertEquals("appeal_filed", p.pick("appeal:confirm").getString("outcome"));
    JsonObject item = queueEntry(wang.get("/api/v1/operators/queue").bodyAsJsonArray(), p.conversationId);
    assertNotNull(item, "the conversation is in the queue");
    assertEquals("appeal_triage", item.getString("reason"));
    assertEquals(403, wang.post("/api/v1/operators/conversations/" + p.conversationId + "/handback", null).statusCode(),
        "only the holder or a supervisor closes a conversation");
    assertEquals(200, wang.post("/api/v1/operators/conversations/" + p.conversationId + "/claim", null).statusCode());
    assertEquals(200, wang.post("/api/v1/operators/conversations/" + p.conversationId + "/handback", null).statusCode());
  }

  @Test
  void escalationsGoToTheirLanguageFirstAndToEveryoneAfterTheWait() {
    ConsoleClient wang = signedIn("wang");
    ConsoleClient olga = signedIn("olga");
    Person p = new Person("zh-person");
    assertEquals("handoff_requested", p.say("转人工").getString("outcome"));
    JsonObject forWang = queueEntry(wang.get("/api/v1/operators/queue").bodyAsJsonArray(), p.conversationId);
    assertNotNull(forWang);
    assertEquals("zh", forWang.getString("language"));
    assertEquals("language", forWang.getString("offeredTo"));
    assertNull(queueEntry(olga.get("/api/v1/operators/queue").bodyAsJsonArray(), p.conversationId));
    HttpResponse<Buffer> early = olga.post("/api/v1/operators/conversations/" + p.conversationId + "/claim", null);
    assertEquals(403, early.statusCode(), early.bodyAsString());

    clock.advance(Duration.ofSeconds(61));
    JsonObject forOlga = queueEntry(olga.get("/api/v1/operators/queue").bodyAsJsonArray(), p.conversationId);
    assertNotNull(forOlga);
    assertEquals("everyone", forOlga.getString("offeredTo"));

    // Wang takes it, then hands it to the Russian speakers; a supervisor gives it to Olga.
    assertEquals(200, wang.post("/api/v1/operators/conversations/" + p.conversationId + "/claim", null).statusCode());
    HttpResponse<Buffer> toRussian = wang.post("/api/v1/operators/conversations/" + p.conversationId + "/transfer",
        new JsonObject().put("language", "ru"));
    assertEquals(200, toRussian.statusCode(), toRussian.bodyAsString());
    assertEquals("ru", toRussian.bodyAsJsonObject().getString("group"));
    assertEquals("language", queueEntry(olga.get("/api/v1/operators/queue").bodyAsJsonArray(), p.conversationId)
        .getString("offeredTo"));
    assertEquals(400, wang.post("/api/v1/operators/conversations/" + p.conversationId + "/transfer", new JsonObject())
        .statusCode());
    ConsoleClient sam = signedIn("sam");
    HttpResponse<Buffer> toOlga = sam.post("/api/v1/operators/conversations/" + p.conversationId + "/transfer",
        new JsonObject().put("to", "olga"));
    assertEquals(200, toOlga.statusCode(), toOlga.bodyAsString());
    assertEquals("olga", toOlga.bodyAsJsonObject().getString("claimedBy"));
    assertEquals(201, olga.post("/api/v1/operators/conversations/" + p.conversationId + "/messages",
        new JsonObject().put("text", "Здравствуйте!")).statusCode());
    JsonObject live = sam.get("/api/v1/supervisor/live").bodyAsJsonObject();
    JsonObject olgaLoad = live.getJsonArray("operators").stream().map(o -> (JsonObject) o)
        .filter(o -> o.getString("name").equals("olga")).findFirst().orElseThrow();
    assertEquals(1, olgaLoad.getInteger("load"));
    assertTrue(olgaLoad.getBoolean("onDuty"));
    assertEquals(200, olga.post("/api/v1/operators/conversations/" + p.conversationId + "/release", null).statusCode());
    JsonObject after = sam.get("/api/v1/supervisor/live").bodyAsJsonObject();
    assertTrue(after.getJsonObject("queueByLanguage").getInteger("zh", 0) >= 1, after.encode());
    assertTrue(after.getLong("longestWaitSeconds") >= 61, after.encode());
  }

  @Test
  void assistSuggestsArticlesAndCannedRepliesAndTheOperatorFilesAnAppeal() throws Exception {
    ConsoleClient wang = signedIn("wang");
    Person p = claimedBy(wang, "assist-person", "how do I open a bank account as a foreigner");
    JsonArray before = wang.get("/api/v1/operators/conversations/" + p.conversationId).bodyAsJsonObject().getJsonArray("transcript");
    assertTrue(before.stream().map(o -> (JsonObject) o).anyMatch(e -> e.getString("author").equals("bot")
        && "bank-account-foreigners".equals(e.getString("articleId"))), "the bot's answer names its article: " + before.encode());
    p.say("how can a foreigner open a bank account?");
    JsonObject assist = wang.get("/api/v1/operators/conversations/" + p.conversationId + "/assist").bodyAsJsonObject();
    JsonArray articles = assist.getJsonArray("articles");
    assertFalse(articles.isEmpty(), assist.encode());
    assertEquals("bank-account-foreigners", articles.getJsonObject(0).getString("articleId"));
    assertTrue(articles.stream().map(o -> (JsonObject) o).anyMatch(a -> a.getString("language").equals("zh")),
        "the article in the operator's other language too: " + articles.encode());
    List<String> canned = assist.getJsonArray("canned").stream().map(o -> ((JsonObject) o).getString("id") + "/"
        + ((JsonObject) o).getString("language")).toList();
    assertTrue(canned.containsAll(List.of("greeting/en", "greeting/zh", "goodbye/en")), canned.toString());
    assertFalse(canned.contains("greeting/ru"), canned.toString());

    JsonObject draft = wang.get("/api/v1/operators/conversations/" + p.conversationId + "/appeal-draft").bodyAsJsonObject();
    assertTrue(draft.containsKey("what") && draft.containsKey("where") && draft.containsKey("district"), draft.encode());
    assertEquals(400, wang.post("/api/v1/operators/conversations/" + p.conversationId + "/appeal",
        new JsonObject().put("where", "5 Xinjiekou street")).statusCode());
    p.connect();
    HttpResponse<Buffer> filed = wang.post("/api/v1/operators/conversations/" + p.conversationId + "/appeal", new JsonObject()
        .put("what", "The streetlight outside 5 Xinjiekou street has been broken for a week")
        .put("where", "5 Xinjiekou street").put("district", "xicheng").put("when", "since last Monday"));
    assertEquals(201, filed.statusCode(), filed.bodyAsString());
    String number = filed.bodyAsJsonObject().getString("number");
    assertTrue(p.nextMessage().getString("text").contains(number));
    JsonObject view = wang.get("/api/v1/operators/conversations/" + p.conversationId).bodyAsJsonObject();
    assertTrue(view.getJsonArray("appeals").stream().anyMatch(a -> ((JsonObject) a).getString("number").equals(number)));
    assertEquals(200, wang.post("/api/v1/operators/conversations/" + p.conversationId + "/resolve", null).statusCode());
    assertTrue(p.nextMessage().getString("text").contains("resolved"));
    p.close();
  }
}
