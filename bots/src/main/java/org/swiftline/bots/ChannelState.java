package org.swiftline.bots;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;

/**
 * Small durable state that channels keep between messages and restarts: which conversation a Telegram
 * chat continues, the last platform update handled, the message ids already seen. Keys start with the
 * channel's name ({@code telegram:chat:42}); values are short strings, usually JSON.
 *
 * <p>Implemented by the gateway on its store (SQLite or Redis), so that the state lives where the
 * conversations do. To add an implementation: back {@link #get} and {@link #put} with the store and run the
 * gateway's {@code ChannelStateContract} against it.
 */
public interface ChannelState {

  /** Succeeds with the value of {@code key}, or empty when it is unset or expired; fails on a store error. */
  Future<Optional<String>> get(String key);

  /**
   * Sets {@code key} to {@code value}, replacing any earlier value.
   *
   * @param ttl how long the value is kept, or {@code null} to keep it until it is replaced
   * @return a future that succeeds once the value is durable, and fails on a store error
   */
  Future<Void> put(String key, String value, Duration ttl);

  /** {@link #put(String, String, Duration)} without expiry. */
  default Future<Void> put(String key, String value) {
    return put(key, value, null);
  }
}
