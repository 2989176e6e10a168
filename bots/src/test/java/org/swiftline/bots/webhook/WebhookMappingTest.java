package org.swiftline.bots.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.Outbound;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.bots.web.WebChatMapping.InvalidRequest;
import org.swiftline.bots.webhook.WebhookMapping.Inbound;
import org.swiftline.bots.webhook.WebhookMapping.Unauthorized;

/** The signed webhook's signature scheme and JSON. */
class WebhookMappingTest {
  private static final String SECRET = "test-secret-0123456789";
  private static final String BODY = "{\"userId\":\"+8613800000000\",\"text\":\"how do I extend my visa?\",\"messageId\":\"sms-1\"}";
  private static final byte[] RAW = BODY.getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.ofEpochSecond(1764318000L);
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  @Test
  void signatureIsHexHmacSha256OfTimestampDotBodyAsOpensslComputesIt() {
    // printf '%s' '1764318000.<body>' | openssl dgst -sha256 -hmac 'test-secret-0123456789'
    assertEquals("a53ce7adc1cb0b19cbd9f114e66262780f33718390764575eb17873409de52d1",
        WebhookMapping.sign(SECRET, "1764318000", RAW));
  }

  @Test
  void aGoodSignatureWithinFiveMinutesPasses() {
    String signature = WebhookMapping.sign(SECRET, "1764318000", RAW);
    assertDoesNotThrow(() -> WebhookMapping.verify(SECRET, "1764318000", signature, RAW, NOW.plusSeconds(299), FIVE_MINUTES));
    assertDoesNotThrow(() -> WebhookMapping.verify(SECRET, "1764318000", signature.toUpperCase(), RAW, NOW, FIVE_MINUTES));
  }

  @Test
  void aTamperedBodyWrongSecretOrOtherTimestampFails() {
    String signature = WebhookMapping.sign(SECRET, "1764318000", RAW);
    byte[] tampered = BODY.replace("sms-1", "sms-2").getBytes(StandardCharsets.UTF_8);
    assertThrows(Unauthorized.class, () -> WebhookMapping.verify(SECRET, "1764318000", signature, tampered, NOW, FIVE_MINUTES));
    assertThrows(Unauthorized.class,
        () -> WebhookMapping.verify("another-secret-0123456", "1764318000", signature, RAW, NOW, FIVE_MINUTES));
    assertThrows(Unauthorized.class, () -> WebhookMapping.verify(SECRET, "1764318001", signature, RAW, NOW, FIVE_MINUTES));
  }

  @Test
  void oldFutureMissingOrMalformedTimestampsFail() {
    String signature = WebhookMapping.sign(SECRET, "1764318000", RAW);
    Unauthorized old = assertThrows(Unauthorized.class,
        () -> WebhookMapping.verify(SECRET, "1764318000", signature, RAW, NOW.plusSeconds(301), FIVE_MINUTES));
    assertTrue(old.getMessage().contains("5 minutes"), old.getMessage());
    assertThrows(Unauthorized.class,
        () -> WebhookMapping.verify(SECRET, "1764318000", signature, RAW, NOW.minusSeconds(301), FIVE_MINUTES));
    assertThrows(Unauthorized.class, () -> WebhookMapping.verify(SECRET, null, signature, RAW, NOW, FIVE_MINUTES));
    assertThrows(Unauthorized.class, () -> WebhookMapping.verify(SECRET, "1764318000", null, RAW, NOW, FIVE_MINUTES));
    assertThrows(Unauthorized.class, () -> WebhookMapping.verify(SECRET, "-5", signature, RAW, NOW, FIVE_MINUTES));
    assertThrows(Unauthorized.class, () -> WebhookMapping.verify(SECRET, "1764318000.5", signature, RAW, NOW, FIVE_MINUTES));
  }

  @Test
  void readsAnInboundMessageWithItsIdOnTheWebhookChannel() {
    Inbound in = WebhookMapping.toInbound(new JsonObject(BODY).put("language", "en").put("payload", "request:appeal"), NOW);
    assertEquals("sms-1", in.messageId());
    assertEquals(new ChannelIdentity("webhook", "+8613800000000"), in.message().from());
    assertEquals("how do I extend my visa?", in.message().text());
    assertEquals("en", in.message().languageHint());
    assertEquals("request:appeal", in.message().payload());
    assertEquals(null, in.message().conversationId());
    assertEquals("42", WebhookMapping.toInbound(new JsonObject(BODY).put("messageId", 42), NOW).messageId());
  }

  @Test
  void rejectsInboundMessagesWithoutIdOrWithBadFields() {
    assertThrows(InvalidRequest.class, () -> WebhookMapping.toInbound(new JsonObject(BODY).put("messageId", null), NOW));
    assertThrows(InvalidRequest.class, () -> WebhookMapping.toInbound(new JsonObject(BODY).put("messageId", true), NOW));
    assertThrows(InvalidRequest.class, () -> WebhookMapping.toInbound(new JsonObject(BODY).put("messageId", "x".repeat(129)), NOW));
    assertThrows(InvalidRequest.class, () -> WebhookMapping.toInbound(new JsonObject(BODY).put("text", ""), NOW));
    assertThrows(InvalidRequest.class, () -> WebhookMapping.toInbound(new JsonObject(BODY).put("language", "not a tag"), NOW));
    assertThrows(InvalidRequest.class, () -> WebhookMapping.toInbound(new JsonObject(BODY).put("conversationId", "c1"), NOW));
  }

  @Test
  void outboundBodyListsTheMessagesAndHasAStableDeliveryId() {
    Outbound out = new Outbound(new ChannelIdentity("webhook", "+8613800000000"), "conv1", List.of(
        new TranscriptEntry(7, "operator", "Your appeal was received.", List.of(), "en", NOW)));
    JsonObject json = WebhookMapping.toJson(out);
    assertEquals("+8613800000000", json.getString("userId"));
    assertEquals("conv1", json.getString("conversationId"));
    assertEquals("Your appeal was received.", json.getJsonArray("messages").getJsonObject(0).getString("text"));
    assertEquals(7, json.getJsonArray("messages").getJsonObject(0).getLong("seq"));
    assertEquals("conv1:7", WebhookMapping.deliveryId(out));
  }

  @Test
  void optionsNeedAStrongSecretAndNeverShowIt() {
    assertThrows(IllegalArgumentException.class, () -> WebhookOptions.of("short", null));
    assertThrows(IllegalArgumentException.class, () -> WebhookOptions.of(SECRET, URI.create("ftp://example.org/x")));
    WebhookOptions options = WebhookOptions.of(SECRET, URI.create("https://sms.example.org/outbound"));
    assertFalse(options.toString().contains(SECRET));
  }
}
