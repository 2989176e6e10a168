package org.swiftline.gateway.channels;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.Outbound;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.TranscriptEntry;

/**
 * Outbound messages as relay events, for the instance that holds the person's connection:
 * {@code {"to": {"channel", "userId"}, "conversationId", "entries": [{"seq", "author", "text",
 * "quickReplies": [{"title", "payload"}], "language", "at"}]}}. Pure functions.
 */
public final class OutboundEvents {
  private OutboundEvents() {}

  /** The topic on which the outbound messages of connection-bound {@code channel} travel. */
  public static String topic(String channel) {
    return "outbound." + channel;
  }

  public static JsonObject toJson(Outbound message) {
    JsonArray entries = new JsonArray();
    for (TranscriptEntry e : message.entries()) {
      JsonArray quickReplies = new JsonArray();
      e.quickReplies().forEach(q -> quickReplies.add(new JsonObject().put("title", q.title()).put("payload", q.payload())));
      entries.add(new JsonObject().put("seq", e.seq()).put("author", e.author()).put("text", e.text())
          .put("quickReplies", quickReplies).put("language", e.language()).put("at", e.at().toString()));
    }
    return new JsonObject()
        .put("to", new JsonObject().put("channel", message.to().channel()).put("userId", message.to().userId()))
        .put("conversationId", message.conversationId())
        .put("entries", entries);
  }

  /** Reads an event written by {@link #toJson}; throws when it is not one. */
  public static Outbound fromJson(JsonObject event) {
    JsonObject to = event.getJsonObject("to");
    List<TranscriptEntry> entries = new ArrayList<>();
    for (Object o : event.getJsonArray("entries")) {
      JsonObject e = (JsonObject) o;
      List<QuickReply> quickReplies = new ArrayList<>();
      JsonArray q = e.getJsonArray("quickReplies", new JsonArray());
      for (int i = 0; i < q.size(); i++) {
        quickReplies.add(new QuickReply(q.getJsonObject(i).getString("title"), q.getJsonObject(i).getString("payload")));
      }
      entries.add(new TranscriptEntry(e.getLong("seq"), e.getString("author"), e.getString("text"), quickReplies,
          e.getString("language"), Instant.parse(e.getString("at"))));
    }
    return new Outbound(new ChannelIdentity(to.getString("channel"), to.getString("userId")),
        event.getString("conversationId"), entries);
  }
}
