package org.swiftline.gateway.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.Outbound;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.TranscriptEntry;

class OutboundEventsTest {
  @Test
  void anOutboundMessageSurvivesTheTripThroughTheRelayAsJson() {
    Outbound message = new Outbound(new ChannelIdentity("web", "rosa"), "c1", List.of(
        new TranscriptEntry(7, "bot", "诉求 20261128-000042 已受理\n\"ok\"", List.of(new QuickReply("是", "appeal:solved:1")), "zh",
            Instant.parse("2026-11-28T10:00:00Z")),
        new TranscriptEntry(8, "operator", "hello", List.of(), null, Instant.parse("2026-11-28T10:00:01Z"))));
    JsonObject event = new JsonObject(OutboundEvents.toJson(message).encode());
    assertEquals(message, OutboundEvents.fromJson(event));
    assertEquals("outbound.web", OutboundEvents.topic("web"));
  }
}
