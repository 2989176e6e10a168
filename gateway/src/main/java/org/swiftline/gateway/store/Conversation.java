package org.swiftline.gateway.store;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import org.swiftline.bots.ChannelIdentity;

/**
 * A conversation with one person on one channel.
 *
 * @param language the language the conversation settled on so far, or {@code null} before the first turn
 * @param state the dialogue's own state (pending choices, last answer, failures), opaque to stores
 */
public record Conversation(String id, ChannelIdentity owner, String language, Instant createdAt, Instant updatedAt, JsonObject state) {
  public Conversation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    state = state == null ? new JsonObject() : state.copy();
  }

  public Conversation with(String language, Instant updatedAt, JsonObject state) {
    return new Conversation(id, owner, language, createdAt, updatedAt, state);
  }
}
