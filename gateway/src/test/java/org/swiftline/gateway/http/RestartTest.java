package org.swiftline.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.TestGateway;

/** A restart of the gateway on the same data folder loses no conversation. */
class RestartTest {
  @Test
  void aConversationContinuesAfterARestart() throws Exception {
    Path kb = TestGateway.repositoryKnowledgeBase();
    String id;
    Path data;
    try (TestGateway first = TestGateway.start(kb)) {
      data = first.data;
      JsonObject turn = first.chat(new JsonObject().put("userId", "r").put("text", "как продлить визу в пекине")).bodyAsJsonObject();
      id = turn.getString("conversationId");
      assertEquals(2, turn.getLong("lastSeq"));
    }
    try (TestGateway second = TestGateway.start(kb, data, Map.of())) {
      JsonObject next = second.chat(new JsonObject().put("userId", "r").put("conversationId", id).put("text", "ok")).bodyAsJsonObject();
      assertEquals(id, next.getString("conversationId"));
      assertEquals("ru", next.getString("language"), "the conversation's language survived the restart");
      assertEquals(4, next.getLong("lastSeq"));
      assertEquals(4, second.get("/api/v1/chat/" + id + "/messages?userId=r").bodyAsJsonObject().getJsonArray("messages").size());
    }
  }
}
