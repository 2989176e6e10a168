package org.swiftline.gateway.appeals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Redis;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.ChatPerson;
import org.swiftline.gateway.TestGateway;

/** Appeals end to end on {@code SWIFTLINE_STORE=redis}, against the real Redis at 127.0.0.1:6379. */
class AppealRedisGatewayTest {
  static final String ADMIN = "admin-token-for-redis-tests-0042";
  private final String prefix = "swiftline-test:" + UUID.randomUUID() + ":";

  @AfterEach
  void deleteKeys() {
    TestGateway.deleteRedisKeys("redis://127.0.0.1:6379/0", prefix);
  }

  @Test
  void anAppealFiledOnOneGatewayIsHandledThroughAnotherOnTheSameRedis() {
    Map<String, String> env = Map.of("SWIFTLINE_STORE", "redis", "SWIFTLINE_REDIS_URL", "redis://127.0.0.1:6379/0",
        "SWIFTLINE_REDIS_PREFIX", prefix, "SWIFTLINE_ADMIN_TOKEN", ADMIN);
    String number;
    String conversationId;
    try (TestGateway first = TestGateway.start(TestGateway.repositoryKnowledgeBase(), env)) {
      ChatPerson chat = new ChatPerson(first, "redis-citizen");
      chat.say("I want to complain");
      chat.say("the streetlight on Xinjiekou street in Xicheng has been broken for a week");
      chat.pick("appeal:skip");
      chat.pick("appeal:confirm");
      assertEquals("appeal_filed", chat.outcome());
      number = AppealChatTest.number(chat.text());
      conversationId = chat.conversationId;
    }
    try (TestGateway second = TestGateway.start(TestGateway.repositoryKnowledgeBase(), env)) {
      HttpResponse<Buffer> created = second.client.post("/api/v1/admin/departments/city-management/keys")
          .putHeader("Authorization", "Bearer " + ADMIN).send().await();
      String key = created.bodyAsJsonObject().getString("apiKey");
      HttpResponse<Buffer> accepted = second.client.post("/api/v1/departments/city-management/appeals/" + number + "/accept")
          .putHeader("Authorization", "Bearer " + key).send().await();
      assertEquals(200, accepted.statusCode(), accepted.bodyAsString());
      assertEquals("in_progress", accepted.bodyAsJsonObject().getString("status"));

      ChatPerson chat = new ChatPerson(second, "redis-citizen");
      chat.conversationId = conversationId;
      chat.say("status");
      assertEquals("appeal_status", chat.outcome());
      assertTrue(chat.text().contains(number) && chat.text().contains("is handling it"), chat.text());
      JsonObject shown = second.client.get("/api/v1/departments/city-management/appeals/" + number)
          .putHeader("Authorization", "Bearer " + key).send().await().bodyAsJsonObject();
      assertEquals(3, shown.getJsonArray("trail").size());
    }
  }
}
