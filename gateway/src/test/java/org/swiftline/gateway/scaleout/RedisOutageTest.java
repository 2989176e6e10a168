package org.swiftline.gateway.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.ChatPerson;
import org.swiftline.gateway.TestGateway;
import org.swiftline.gateway.store.PrivateRedis;

/**
 * Redis stopped and started again under two busy instances (a private {@code redis-server} without
 * persistence, so it comes back empty): questions keep being answered, appeals are politely declined,
 * readiness is 503 naming Redis, and everything recovers by itself.
 */
class RedisOutageTest {

  @Test
  void whileRedisIsDownQuestionsAreAnsweredAppealsAreDeclinedPolitelyAndReadinessIs503ThenAllRecovers() throws Exception {
    try (PrivateRedis server = new PrivateRedis()) {
      Instances instances = new Instances(server.url());
      try (TestGateway a = instances.start(); TestGateway b = instances.start()) {
        ChatPerson rosa = new ChatPerson("rosa");
        assertEquals(2, rosa.say(a, "how do I extend my visa?").getLong("lastSeq"));

        // given traffic on both instances all along
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread traffic = new Thread(() -> {
          ChatPerson busy = new ChatPerson("busy");
          for (int i = 0; running.get(); i++) {
            JsonObject body = new JsonObject().put("userId", busy.user).put("text", "how do I extend my visa?");
            if (busy.conversationId != null) body.put("conversationId", busy.conversationId);
            HttpResponse<Buffer> r = (i % 2 == 0 ? a : b).chat(body);
            if (r.statusCode() != 200 || !"answered".equals(r.bodyAsJsonObject().getString("outcome"))) {
              failures.add(r.statusCode() + " " + r.bodyAsString());
            } else {
              busy.conversationId = r.bodyAsJsonObject().getString("conversationId");
              answered.incrementAndGet();
            }
          }
        });
        traffic.start();
        try {
          Instances.waitFor("traffic flows", () -> answered.get() >= 3);

          // when Redis goes away
          server.stop();
          int before = answered.get();
          for (TestGateway g : List.of(a, b)) {
            Instances.waitFor("readiness 503", () -> g.get("/health/ready").statusCode() == 503);
            JsonObject ready = g.get("/health/ready").bodyAsJsonObject();
            assertEquals("DOWN", ready.getString("store"));
            assertTrue(ready.getString("reason").contains(server.url()), ready.encode());
          }

          // then questions are still answered, on both instances, for known and new conversations
          JsonObject turn = rosa.say(a, "how can I extend my visa?");
          assertEquals("answered", turn.getString("outcome"));
          assertEquals(4, turn.getLong("lastSeq"), "numbered after what this instance last stored");
          ChatPerson newcomer = new ChatPerson("newcomer");
          assertEquals("answered", newcomer.say(b, "how do I extend my visa?").getString("outcome"));
          // and an appeal is declined politely, taking nothing
          rosa.say(a, "I want to complain");
          assertEquals("appeal_unavailable", rosa.outcome());
          assertTrue(rosa.text().contains("briefly unavailable"), rosa.text());
          Instances.waitFor("traffic is answered during the outage", () -> answered.get() >= before + 5);
          // and someone else writing under rosa's conversation id, which B cannot check now, is answered too
          HttpResponse<Buffer> stranger = b.chat(new JsonObject().put("userId", "stranger")
              .put("conversationId", rosa.conversationId).put("text", "stranger asks about visas"));
          assertEquals(200, stranger.statusCode(), stranger.bodyAsString());

          // when Redis is back (empty: it kept nothing)
          server.start();
          for (TestGateway g : List.of(a, b)) {
            Instances.waitFor("readiness 200", () -> g.get("/health/ready").statusCode() == 200);
          }
          // then what was answered meanwhile is stored before the next turn, and appeals can be filed again
          rosa.say(a, "I want to complain");
          assertEquals("appeal_collecting", rosa.outcome(), rosa.text());
          JsonArray messages = b.get("/api/v1/chat/" + rosa.conversationId + "/messages?userId=rosa&after=0")
              .bodyAsJsonObject().getJsonArray("messages");
          List<String> texts = messages.stream().map(m -> ((JsonObject) m).getString("text")).toList();
          assertEquals(List.of("how can I extend my visa?", "I want to complain", "I want to complain"),
              texts.stream().filter(t -> t.equals("how can I extend my visa?") || t.equals("I want to complain")).toList());
          // and what the stranger said under rosa's id is never stored in her transcript
          rosa.say(b, "the streetlight on Xinjiekou street is broken");
          JsonArray later = a.get("/api/v1/chat/" + rosa.conversationId + "/messages?userId=rosa&after=0")
              .bodyAsJsonObject().getJsonArray("messages");
          assertTrue(later.stream().noneMatch(m -> ((JsonObject) m).getString("text").contains("stranger")), later.encode());
          assertEquals(404, b.get("/api/v1/chat/" + rosa.conversationId + "/messages?userId=stranger&after=0").statusCode());
          int after = answered.get();
          Instances.waitFor("traffic is answered after the outage", () -> answered.get() >= after + 3);
        } finally {
          running.set(false);
          traffic.join(30_000);
        }
        assertEquals(List.of(), failures, "every turn of the traffic was answered");
      }
    }
  }
}
