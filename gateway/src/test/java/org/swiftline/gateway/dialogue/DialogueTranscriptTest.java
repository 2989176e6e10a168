package org.swiftline.gateway.dialogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.swiftline.gateway.TestGateway;

/**
 * The dialogue transcripts of {@code dialogue/transcripts.yaml} (user text -> expected outcome, article,
 * language), each run as one conversation through the real chat API on the repository's knowledge base.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DialogueTranscriptTest {
  private TestGateway gateway;

  @BeforeAll
  void start() {
    gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase());
  }

  @AfterAll
  void stop() {
    gateway.close();
  }

  @SuppressWarnings("unchecked")
  static Stream<Arguments> transcripts() throws IOException {
    try (InputStream in = DialogueTranscriptTest.class.getResourceAsStream("/dialogue/transcripts.yaml")) {
      List<Map<String, Object>> cases = new ObjectMapper(new YAMLFactory()).readValue(in, List.class);
      return cases.stream().map(c -> Arguments.of(c.get("name"), c.get("turns")));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void conversationGoesAsWritten(String name, List<Map<String, Object>> turns) {
    String user = "transcript-" + Integer.toHexString(name.hashCode());
    String conversationId = null;
    for (Map<String, Object> turn : turns) {
      // given the conversation so far, when the person writes (or taps a quick reply)
      JsonObject body = new JsonObject().put("userId", user).put("text", turn.get("user"));
      if (conversationId != null) body.put("conversationId", conversationId);
      if (turn.get("payload") != null) body.put("payload", turn.get("payload"));
      HttpResponse<Buffer> response = gateway.chat(body);
      assertEquals(200, response.statusCode(), response.bodyAsString());
      JsonObject reply = response.bodyAsJsonObject();
      conversationId = reply.getString("conversationId");

      // then the bot does what the transcript says
      String said = "'" + turn.get("user") + "' -> " + reply.encode();
      assertTrue(oneOf(turn.get("outcome")).contains(reply.getString("outcome")), "outcome of " + said);
      if (turn.get("article") != null) {
        JsonObject match = reply.getJsonObject("match");
        assertTrue(match != null && oneOf(turn.get("article")).contains(match.getString("articleId")), "article of " + said);
      }
      if (turn.get("language") != null) assertEquals(turn.get("language"), reply.getString("language"), "language of " + said);
      List<String> payloads = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      for (Object r : reply.getJsonArray("replies")) {
        text.append(((JsonObject) r).getString("text")).append('\n');
        for (Object q : ((JsonObject) r).getJsonArray("quickReplies", new JsonArray())) {
          payloads.add(((JsonObject) q).getString("payload"));
        }
      }
      if (turn.get("offers") != null) {
        assertTrue(payloads.containsAll(oneOf(turn.get("offers"))), "quick replies of " + said);
      }
      if (turn.get("replyExcludes") != null) {
        assertFalse(text.toString().contains((String) turn.get("replyExcludes")), "reply of " + said);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> oneOf(Object value) {
    return value instanceof List<?> list ? (List<String>) list : List.of(String.valueOf(value));
  }
}
