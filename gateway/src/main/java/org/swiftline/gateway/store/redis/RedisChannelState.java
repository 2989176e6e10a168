package org.swiftline.gateway.store.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.swiftline.bots.ChannelState;

/**
 * Channels' state in Redis: one string per key at {@code <prefix>channel:<key>}, with {@code PX} when it
 * expires, so that every gateway instance on the same Redis and prefix shares it.
 */
final class RedisChannelState implements ChannelState {
  private final RedisAPI redis;
  private final String prefix;

  RedisChannelState(RedisAPI redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  @Override
  public Future<Optional<String>> get(String key) {
    return redis.get(prefix + "channel:" + key).map(r -> r == null ? Optional.<String>empty() : Optional.of(r.toString()));
  }

  @Override
  public Future<Void> put(String key, String value, Duration ttl) {
    List<String> args = new ArrayList<>(List.of(prefix + "channel:" + key, value));
    if (ttl != null) args.addAll(List.of("PX", String.valueOf(Math.max(1, ttl.toMillis()))));
    return redis.set(args).mapEmpty();
  }
}
