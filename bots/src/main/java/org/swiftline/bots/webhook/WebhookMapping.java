package org.swiftline.bots.webhook;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.InboundMessage;
import org.swiftline.bots.Outbound;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.bots.Turn;
import org.swiftline.bots.web.WebChatMapping;
import org.swiftline.bots.web.WebChatMapping.InvalidRequest;

/**
 * Pure functions of the signed webhook channel: the signature scheme, the inbound request and the JSON of
 * replies and outbound messages.
 *
 * <p>Signature: {@code X-Swiftline-Signature} is the lowercase hex HMAC-SHA256, keyed with the shared
 * secret, of {@code <X-Swiftline-Timestamp> + "." + <raw body bytes>}, the timestamp being Unix seconds.
 * The same scheme signs both directions. Inbound: {@code {"userId", "text", "messageId", "payload"?,
 * "language"?}}.
 */
public final class WebhookMapping {
  public static final String CHANNEL = "webhook";
  public static final String TIMESTAMP_HEADER = "X-Swiftline-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Swiftline-Signature";
  public static final String DELIVERY_HEADER = "X-Swiftline-Delivery";
  public static final int MAX_MESSAGE_ID = 128;

  private WebhookMapping() {}

  /** A request that is not signed as it must be; answered 401. */
  public static final class Unauthorized extends RuntimeException {
    public Unauthorized(String message) {
      super(message, null, false, false);
    }
  }

  /** An inbound message and the caller's id for it, by which retries are recognised. */
  public record Inbound(String messageId, InboundMessage message) {}

  /** The signature of {@code body} sent at {@code timestamp}: hex HMAC-SHA256(secret, timestamp + "." + body). */
  public static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Checks a request's timestamp and signature, in constant time, before anything in it is read.
   *
   * @throws Unauthorized when either is missing or malformed, the timestamp is more than {@code tolerance}
   *     away from {@code now}, or the signature does not match
   */
  public static void verify(String secret, String timestamp, String signature, byte[] body, Instant now, Duration tolerance) {
    if (timestamp == null || signature == null) {
      throw new Unauthorized(TIMESTAMP_HEADER + " and " + SIGNATURE_HEADER + " are required");
    }
    long seconds;
    try {
      if (!timestamp.matches("[0-9]{1,12}")) throw new NumberFormatException();
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw new Unauthorized(TIMESTAMP_HEADER + " must be Unix time in seconds");
    }
    if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
      throw new Unauthorized(TIMESTAMP_HEADER + " is more than " + tolerance.toMinutes() + " minutes from the gateway's time");
    }
    byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) throw new Unauthorized(SIGNATURE_HEADER + " does not match");
  }

  /** Reads an inbound request's JSON, validating every field; throws {@link InvalidRequest} saying what is wrong. */
  public static Inbound toInbound(JsonObject body, Instant now) {
    Object id = body.getValue("messageId");
    if (id == null) throw new InvalidRequest("messageId is required");
    if (!(id instanceof String || id instanceof Integer || id instanceof Long)) {
      throw new InvalidRequest("messageId must be a string or a whole number");
    }
    String messageId = id.toString();
    if (messageId.isBlank() || messageId.length() > MAX_MESSAGE_ID) {
      throw new InvalidRequest("messageId must be 1 to " + MAX_MESSAGE_ID + " characters");
    }
    if (body.containsKey("conversationId")) throw new InvalidRequest("conversationId is not accepted: the channel keeps one conversation per userId");
    InboundMessage message = WebChatMapping.toInbound(body, now);
    return new Inbound(messageId, new InboundMessage(new ChannelIdentity(CHANNEL, message.from().userId()), null,
        message.text(), message.payload(), message.languageHint(), message.receivedAt()));
  }

  /** The answer to an inbound request: the chat API's turn (CONTRACT §3) with the caller's {@code messageId}. */
  public static JsonObject toJson(String messageId, Turn turn) {
    return WebChatMapping.toJson(turn).put("messageId", messageId);
  }

  /** The body POSTed for an outbound message: {@code {"userId", "conversationId", "messages": [...]}}. */
  public static JsonObject toJson(Outbound outbound) {
    JsonArray messages = new JsonArray();
    for (TranscriptEntry entry : outbound.entries()) messages.add(WebChatMapping.toJson(entry));
    return new JsonObject()
        .put("userId", outbound.to().userId())
        .put("conversationId", outbound.conversationId())
        .put("messages", messages);
  }

  /** An id for one outbound delivery, the same on every retry, by which the receiver can drop repeats. */
  public static String deliveryId(Outbound outbound) {
    long last = outbound.entries().isEmpty() ? 0 : outbound.entries().get(outbound.entries().size() - 1).seq();
    return outbound.conversationId() + ":" + last;
  }
}
