package org.swiftline.gateway.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.Outbound;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.gateway.ChatPerson;
import org.swiftline.gateway.TestGateway;
import org.swiftline.gateway.channels.LocalBotApi;
import org.swiftline.gateway.store.Stores;
import org.swiftline.gateway.store.redis.RedisStores;

/**
 * Two gateway instances in one test on the real Redis at 127.0.0.1:6379 (a key prefix of their own): a
 * conversation alternating between them, a notification made on one reaching the person's WebSocket on the
 * other, an instance that died holding a conversation, Telegram polled by one instance at a time.
 */
class ScaleOutTest {
  private static final Pattern NUMBER = Pattern.compile("\\d{8}-\\d{6,}");
  private final Instances instances = new Instances(Instances.SHARED_REDIS);

  @AfterEach
  void deleteKeys() {
    instances.deleteKeys();
  }

  @Test
  void aConversationAlternatingBetweenTwoInstancesIsOneTranscriptInOrder() {
    try (TestGateway a = instances.start(); TestGateway b = instances.start()) {
      ChatPerson rosa = new ChatPerson("rosa");
      List<TestGateway> route = List.of(a, b, a, b);
      List<String> questions = List.of("how do I extend my visa?", "what documents do I need for a work permit?",
          "how do I get a social security card?", "how do I extend my visa?");
      for (int i = 0; i < route.size(); i++) {
        JsonObject turn = rosa.say(route.get(i), questions.get(i));
        assertEquals(2L * (i + 1), turn.getLong("lastSeq"), turn.encode());
      }
      for (TestGateway either : List.of(a, b)) {
        JsonArray messages = either.get("/api/v1/chat/" + rosa.conversationId + "/messages?userId=rosa&after=0")
            .bodyAsJsonObject().getJsonArray("messages");
        assertEquals(8, messages.size());
        for (int i = 0; i < 4; i++) {
          assertEquals(2L * i + 1, messages.getJsonObject(2 * i).getLong("seq"));
          assertEquals(questions.get(i), messages.getJsonObject(2 * i).getString("text"));
          assertEquals("bot", messages.getJsonObject(2 * i + 1).getString("author"));
        }
      }
    }
  }

  @Test
  void anAppealNotificationMadeOnOneInstanceReachesThePersonsWebSocketOnTheOther() throws Exception {
    try (TestGateway a = instances.start(); TestGateway b = instances.start()) {
      // given a citizen who filed an appeal through A and whose WebSocket is held by B
      ChatPerson citizen = new ChatPerson("ws-citizen");
      citizen.say(a, "I want to complain");
      citizen.say(b, "the streetlight on Xinjiekou street in Xicheng has been broken for a week");
      citizen.send(a, "Skip", "appeal:skip");
      citizen.send(b, "File the appeal", "appeal:confirm");
      assertEquals("appeal_filed", citizen.outcome(), citizen.text());
      Matcher m = NUMBER.matcher(citizen.text());
      assertTrue(m.find(), citizen.text());
      String number = m.group();
      CompletableFuture<String> pushed = new CompletableFuture<>();
      WebSocketClient ws = b.vertx.createWebSocketClient();
      ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(b.port)
              .setURI("/api/v1/chat/ws?userId=ws-citizen&conversationId=" + citizen.conversationId + "&after=1000"))
          .onSuccess(socket -> socket.textMessageHandler(text -> {
            JsonObject event = new JsonObject(text);
            if ("message".equals(event.getString("type"))) pushed.complete(event.getString("text"));
          }))
          .onFailure(pushed::completeExceptionally).await();

      // when the department accepts it through A
      String key = a.client.post("/api/v1/admin/departments/city-management/keys")
          .putHeader("Authorization", "Bearer " + Instances.ADMIN).send().await().bodyAsJsonObject().getString("apiKey");
      HttpResponse<Buffer> accepted = a.client.post("/api/v1/departments/city-management/appeals/" + number + "/accept")
          .putHeader("Authorization", "Bearer " + key).send().await();
      assertEquals(200, accepted.statusCode(), accepted.bodyAsString());

      // then B delivers the notification on the citizen's WebSocket, once, and it is in the transcript
      String notice = pushed.get(20, TimeUnit.SECONDS);
      assertTrue(notice.contains(number) && notice.contains("is now handling it"), notice);
      JsonArray messages = b.get("/api/v1/chat/" + citizen.conversationId + "/messages?userId=ws-citizen&after=0")
          .bodyAsJsonObject().getJsonArray("messages");
      assertEquals(notice, messages.getJsonObject(messages.size() - 1).getString("text"));
      ws.close().await();
    }
  }

  @Test
  void anOperatorOnOneInstanceTalksLiveWithAPersonWhoseWebSocketIsOnTheOther() throws Exception {
    // given an operator account in the shared store, made with the command line as an installer would
    int created = org.swiftline.gateway.operators.OperatorCommand.run(new String[] {"operator", "add", "--name", "olga",
        "--role", "operator", "--languages", "en"}, instances.env(Map.of()),
        new java.io.ByteArrayInputStream("olga-has-a-long-password\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        new java.io.PrintStream(new java.io.ByteArrayOutputStream()), System.err);
    assertEquals(0, created);
    try (TestGateway a = instances.start(); TestGateway b = instances.start()) {
      // the operator's console is on A
      org.swiftline.gateway.operators.ConsoleClient olga = new org.swiftline.gateway.operators.ConsoleClient(a);
      assertEquals(200, olga.signIn("olga", "olga-has-a-long-password").statusCode());
      try (org.swiftline.gateway.operators.ConsoleClient.Socket console = olga.connect()) {
        // and the person chats through B, asks for an operator, and listens on B's WebSocket
        ChatPerson person = new ChatPerson("cross-instance");
        person.say(b, "how do I extend my visa?");
        JsonObject handoff = person.say(b, "operator");
        assertEquals("handoff_requested", handoff.getString("outcome"), handoff.encode());
        java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        WebSocketClient ws = b.vertx.createWebSocketClient();
        ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(b.port)
                .setURI("/api/v1/chat/ws?userId=cross-instance&conversationId=" + person.conversationId + "&after="
                    + handoff.getLong("lastSeq")))
            .onSuccess(socket -> socket.textMessageHandler(text -> {
              JsonObject event = new JsonObject(text);
              if ("message".equals(event.getString("type"))) received.add(event.getString("author") + ": " + event.getString("text"));
            }))
            .await();

        // when the operator on A claims the chat and writes
        HttpResponse<Buffer> claimed = olga.post("/api/v1/operators/conversations/" + person.conversationId + "/claim", null);
        assertEquals(200, claimed.statusCode(), claimed.bodyAsString());
        HttpResponse<Buffer> sent = olga.post("/api/v1/operators/conversations/" + person.conversationId + "/messages",
            new JsonObject().put("text", "Hello from instance A"));
        assertEquals(201, sent.statusCode(), sent.bodyAsString());

        // then B pushes it to the person's WebSocket, live (after the notice that an operator joined)
        String message = received.poll(20, TimeUnit.SECONDS);
        while (message != null && !message.startsWith("operator:")) message = received.poll(20, TimeUnit.SECONDS);
        assertEquals("operator: Hello from instance A", message);

        // and what the person writes through B reaches the operator's console on A, while the bot stays silent
        JsonObject reply = person.say(b, "thank you, my visa expires on Friday");
        assertEquals("operator", reply.getString("outcome"), reply.encode());
        assertTrue(reply.getJsonArray("replies").isEmpty());
        JsonObject entry = console.nextEntry(person.conversationId);
        while (!"user".equals(entry.getString("author"))) entry = console.nextEntry(person.conversationId);
        assertEquals("thank you, my visa expires on Friday", entry.getString("text"));
        ws.close().await();
      }
    }
  }

  @Test
  void whenAnInstanceDiesHoldingAConversationTheOtherCarriesOnOnceItsLeaseExpires() throws Exception {
    try (TestGateway b = instances.start()) {
      ChatPerson rosa = new ChatPerson("rosa-2");
      try (TestGateway a = instances.start()) {
        rosa.say(a, "how do I extend my visa?");
        assertEquals(2, rosa.last.getLong("lastSeq"));
        // given an instance that took the conversation's lease and died without releasing it
        Vertx dying = Vertx.vertx();
        Stores dyingStores = RedisStores.open(dying, instances.url, instances.prefix).await();
        assertTrue(dyingStores.leases().tryAcquire("conversation:" + rosa.conversationId, Duration.ofSeconds(2)).await()
            .isPresent());
        dying.close().await();
      } // and A stopped as well
      // when the person writes again, through B
      JsonObject turn = rosa.say(b, "how can I extend my visa?");
      // then B answered once the dead instance's lease ran out, and the conversation went on where it was
      assertEquals("answered", turn.getString("outcome"), turn.encode());
      assertEquals(4, turn.getLong("lastSeq"));
      assertEquals(rosa.conversationId, turn.getString("conversationId"));
    }
  }

  @Test
  void telegramIsPolledByOneInstanceAtATimeAndTheOtherTakesOverWhenItStops() throws Exception {
    LocalBotApi api = new LocalBotApi();
    Map<String, String> telegram = Map.of("SWIFTLINE_TELEGRAM_TOKEN", LocalBotApi.TOKEN, "SWIFTLINE_TELEGRAM_API_URL", api.url());
    try (TestGateway b = instances.start(telegram)) {
      try (TestGateway a = instances.start(telegram)) {
        // given two instances with the bot: each message is answered exactly once
        for (int i = 0; i < 3; i++) api.pushText(7001, "how do I extend my visa?", "en");
        api.await("sendMessage", p -> "7001".equals(p.getValue("chat_id").toString()), 3, Duration.ofSeconds(30));
        Thread.sleep(1500); // a second poller would have handled them again by now
        assertEquals(3, api.calls("sendMessage", p -> "7001".equals(p.getValue("chat_id").toString())).size());
        // and a message made on one instance for a Telegram chat is sent once, by that instance
        String conversationId = "telegram-outbound";
        a.verticle.channels().send(new Outbound(new ChannelIdentity("telegram", "7001"), conversationId, List.of(
            new TranscriptEntry(99, "operator", "An operator writes once", List.of(), "en", Instant.now())))).await();
        api.await("sendMessage", p -> p.getString("text", "").contains("An operator writes once"), 1, Duration.ofSeconds(10));
        Thread.sleep(1000);
        assertEquals(1, api.calls("sendMessage", p -> p.getString("text", "").contains("An operator writes once")).size());
      }
      // when the polling instance stops (whichever it was), the other one takes over
      api.pushText(7002, "how do I extend my visa?", "en");
      api.await("sendMessage", p -> "7002".equals(p.getValue("chat_id").toString()), 1, Duration.ofSeconds(30));
      assertEquals(1, api.calls("sendMessage", p -> "7002".equals(p.getValue("chat_id").toString())).size());
    } finally {
      api.close();
    }
  }
}
