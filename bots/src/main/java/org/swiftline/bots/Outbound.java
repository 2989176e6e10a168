package org.swiftline.bots;

import java.util.List;
import java.util.Objects;

/**
 * Messages the gateway sends to a person outside a turn: an operator's reply, an appeal notification.
 * They are already in the transcript, so a channel that cannot deliver now loses nothing.
 */
public record Outbound(ChannelIdentity to, String conversationId, List<TranscriptEntry> entries) {
  public Outbound {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(conversationId, "conversationId");
    entries = List.copyOf(entries);
  }
}
