package org.swiftline.gateway.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.TestGateway;

/** The gateway with {@code SWIFTLINE_LLM_PROVIDER=ollama}: LangChain4j's Ollama client against a local /api/chat. */
class LlmOllamaTest {
  @Test
  void aGroundedAnswerComesThroughOllama() {
    try (LocalChatServer model = new LocalChatServer()) {
      model.script(r -> LocalChatServer.Answer.json(new JsonObject().put("found", true)
          .put("answer", LlmChatTest.FEE_ANSWER).put("cited", new JsonArray().add("residence-permit"))));
      try (TestGateway gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase(), Map.of(
          "SWIFTLINE_LLM_PROVIDER", "ollama", "SWIFTLINE_LLM_BASE_URL", model.ollamaUrl(), "SWIFTLINE_LLM_MODEL", "qwen2.5:7b"))) {
        JsonObject turn = gateway.chat(new JsonObject().put("userId", "ollama").put("text", "residence permit fee")).bodyAsJsonObject();

        assertEquals("answered", turn.getString("outcome"));
        assertEquals(LlmChatTest.FEE_ANSWER, turn.getJsonArray("replies").getJsonObject(0).getString("text"));
        LocalChatServer.Request sent = model.requests().get(0);
        assertEquals("ollama", sent.protocol());
        assertEquals("qwen2.5:7b", sent.body().getString("model"));
        assertEquals("json", sent.body().getString("format"));
      }
    }
  }
}
