package org.swiftline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * One person's conversation through the chat API, as a client would hold it: the conversation id from
 * the first answer on, the last answer, its texts and buttons. Turns go to the gateway it was made for, or
 * to any instance named per turn (behind a load balancer without sticky sessions).
 */
public final class ChatPerson {
  public final String user;
  public String conversationId;
  public JsonObject last;
  private final TestGateway on;

  /** A person whose turns go to {@code on}. */
  public ChatPerson(TestGateway on, String user) {
    this.on = on;
    this.user = user;
  }

  /** A person whose turns name their instance. */
  public ChatPerson(String user) {
    this(null, user);
  }

  public JsonObject say(String text) {
    return send(on, text, null);
  }

  public JsonObject say(TestGateway instance, String text) {
    return send(instance, text, null);
  }

  /** Taps a button of the last answer: like a client, its title as the text and its payload beside it. */
  public JsonObject pick(String payload) {
    String title = payload;
    if (last != null) {
      for (Object o : replies()) {
        for (Object q : ((JsonObject) o).getJsonArray("quickReplies", new JsonArray())) {
          if (((JsonObject) q).getString("payload").equals(payload)) title = ((JsonObject) q).getString("title");
        }
      }
    }
    return send(on, title, payload);
  }

  public JsonObject send(String text, String payload) {
    return send(on, text, payload);
  }

  /** One turn on {@code instance}; asserts it was answered with 200. */
  public JsonObject send(TestGateway instance, String text, String payload) {
    JsonObject body = new JsonObject().put("userId", user).put("text", text);
    if (conversationId != null) body.put("conversationId", conversationId);
    if (payload != null) body.put("payload", payload);
    HttpResponse<Buffer> r = instance.chat(body);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    last = r.bodyAsJsonObject();
    conversationId = last.getString("conversationId");
    return last;
  }

  public String outcome() {
    return last.getString("outcome");
  }

  public JsonArray replies() {
    return last.getJsonArray("replies");
  }

  /** The texts of the last answer, a line each. */
  public String text() {
    StringBuilder all = new StringBuilder();
    for (Object o : replies()) all.append(((JsonObject) o).getString("text")).append('\n');
    return all.toString();
  }

  /** The payloads of the last answer's buttons. */
  public List<String> payloads() {
    List<String> result = new ArrayList<>();
    for (Object o : replies()) {
      for (Object q : ((JsonObject) o).getJsonArray("quickReplies", new JsonArray())) {
        result.add(((JsonObject) q).getString("payload"));
      }
    }
    return result;
  }
}
