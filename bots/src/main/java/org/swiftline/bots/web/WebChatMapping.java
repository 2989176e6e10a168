package org.swiftline.bots.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.InboundMessage;
import org.swiftline.bots.LanguageTags;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.Reply;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.bots.Turn;

/** Pure mapping between the web chat's JSON (CONTRACT §3) and the channel-neutral messages. */
public final class WebChatMapping {
  public static final String CHANNEL = "web";

  private WebChatMapping() {}

  /** A request the web chat cannot take; its message says what is wrong. */
  public static final class InvalidRequest extends RuntimeException {
    public InvalidRequest(String message) {
      super(message, null, false, false);
    }
  }

  /** Whether a Content-Type header names JSON ({@code application/json}, any parameters). */
  public static boolean isJson(String contentType) {
    if (contentType == null) return false;
    String type = contentType.split(";", 2)[0].trim();
    return type.equalsIgnoreCase("application/json");
  }

  /** Decodes strict UTF-8 and parses a JSON object, or throws {@link InvalidRequest}. */
  public static JsonObject parseObject(Buffer body) {
    if (body == null || body.length() == 0) throw new InvalidRequest("request body must be a JSON object");
    String text;
    try {
      text = StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.getBytes()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRequest("request body is not valid UTF-8");
    }
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new InvalidRequest("request body is not valid JSON");
    }
    if (!(parsed instanceof JsonObject object)) throw new InvalidRequest("request body must be a JSON object");
    return object;
  }

  /** Builds the inbound message of a chat request, validating every field before anything is stored. */
  public static InboundMessage toInbound(JsonObject body, Instant now) {
    String userId = requiredString(body, "userId");
    String text = requiredString(body, "text");
    String conversationId = optionalString(body, "conversationId");
    String language = optionalString(body, "language");
    String payload = optionalString(body, "payload");
    if (userId.isBlank() || userId.length() > ChannelIdentity.MAX_USER_ID) {
      throw new InvalidRequest("userId must be 1 to " + ChannelIdentity.MAX_USER_ID + " characters");
    }
    if (text.isBlank()) throw new InvalidRequest("text must not be empty");
    if (text.codePointCount(0, text.length()) > InboundMessage.MAX_TEXT) {
      throw new InvalidRequest("text must be at most " + InboundMessage.MAX_TEXT + " characters");
    }
    if (conversationId != null && !conversationId.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new InvalidRequest("conversationId is not a valid conversation id");
    }
    if (language != null && !LanguageTags.isWellFormed(language)) {
      throw new InvalidRequest("language must be a BCP-47 tag such as 'en' or 'zh-CN'");
    }
    if (payload != null && (payload.isBlank() || payload.length() > 256)) {
      throw new InvalidRequest("payload must be 1 to 256 characters");
    }
    return new InboundMessage(
        new ChannelIdentity(CHANNEL, userId), conversationId, text, payload, language, now);
  }

  private static String requiredString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) throw new InvalidRequest(field + " is required");
    if (!(value instanceof String s)) throw new InvalidRequest(field + " must be a string");
    return s;
  }

  private static String optionalString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) return null;
    if (!(value instanceof String s)) throw new InvalidRequest(field + " must be a string");
    return s;
  }

  /** The chat API's answer for a turn. */
  public static JsonObject toJson(Turn turn) {
    JsonObject json = new JsonObject()
        .put("conversationId", turn.conversationId())
        .put("language", turn.language())
        .put("outcome", turn.outcome().wire())
        .put("match", turn.match() == null
            ? null
            : new JsonObject()
                .put("articleId", turn.match().articleId())
                .put("score", Math.round(turn.match().score() * 1000) / 1000.0))
        .put("lastSeq", turn.lastSeq());
    JsonArray replies = new JsonArray();
    for (Reply reply : turn.replies()) replies.add(toJson(reply.text(), reply.quickReplies()));
    return json.put("replies", replies);
  }

  /** A transcript entry as the WebSocket and the transcript API send it. */
  public static JsonObject toJson(TranscriptEntry entry) {
    return toJson(entry.text(), entry.quickReplies())
        .put("seq", entry.seq())
        .put("author", entry.author())
        .put("language", entry.language())
        .put("at", entry.at().toString());
  }

  private static JsonObject toJson(String text, List<QuickReply> quickReplies) {
    JsonObject json = new JsonObject().put("text", text);
    if (!quickReplies.isEmpty()) {
      JsonArray choices = new JsonArray();
      for (QuickReply q : quickReplies) {
        choices.add(new JsonObject().put("title", q.title()).put("payload", q.payload()));
      }
      json.put("quickReplies", choices);
    }
    return json;
  }
}
