package org.swiftline.gateway.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.TestGateway;

/** Without a configured model the chat answers with the article text and the LLM routes say they are off. */
class LlmOffTest {
  private static final String ADMIN = "llm-off-admin-token-0123456789";

  @Test
  void withoutAModelTheArticleTextAnswersAndTheRoutesSaySo() {
    try (TestGateway gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase(), Map.of("SWIFTLINE_ADMIN_TOKEN", ADMIN))) {
      JsonObject turn = gateway.chat(new JsonObject().put("userId", "off").put("text", "residence permit fee")).bodyAsJsonObject();
      assertEquals("answered", turn.getString("outcome"));
      assertTrue(turn.getJsonArray("replies").getJsonObject(0).getString("text").contains("400 CNY (under 1 year)"));

      JsonObject status = gateway.client.get("/api/v1/llm/status").putHeader("Authorization", "Bearer " + ADMIN).send().await()
          .bodyAsJsonObject();
      assertEquals("none", status.getString("provider"));
      HttpResponse<Buffer> translate = gateway.client.post("/api/v1/llm/translate").putHeader("Authorization", "Bearer " + ADMIN)
          .sendJsonObject(new JsonObject().put("text", "hi").put("from", "en").put("to", "zh")).await();
      assertEquals(503, translate.statusCode());
      assertTrue(translate.bodyAsJsonObject().getString("error").contains("SWIFTLINE_LLM_PROVIDER"));
    }
  }
}
