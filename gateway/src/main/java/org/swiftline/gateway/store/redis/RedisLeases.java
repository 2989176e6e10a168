package org.swiftline.gateway.store.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.swiftline.gateway.store.Lease;
import org.swiftline.gateway.store.Leases;

/**
 * {@link Leases} in Redis: the lease {@code N} is the string {@code <prefix>lease:{N}} holding a random
 * token, taken with {@code SET NX PX}; renewing and releasing check the token in a Lua script, so an
 * instance whose lease expired cannot extend or delete another's. See
 * <a href="https://redis.io/docs/latest/commands/set/">SET</a> (the single-instance lock pattern).
 */
final class RedisLeases implements Leases {
  private static final String RENEW = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
      return 0
      """;
  private static final String RELEASE = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
      return 0
      """;

  private final RedisAPI redis;
  private final String prefix;

  RedisLeases(RedisAPI redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  @Override
  public Future<Optional<Lease>> tryAcquire(String name, Duration ttl) {
    Objects.requireNonNull(name, "name");
    String key = prefix + "lease:{" + name + "}";
    String token = UUID.randomUUID().toString();
    return redis.set(List.of(key, token, "NX", "PX", String.valueOf(Math.max(1, ttl.toMillis()))))
        .map(r -> r == null ? Optional.<Lease>empty() : Optional.of(new RedisLease(name, key, token)));
  }

  private final class RedisLease implements Lease {
    private final String name;
    private final String key;
    private final String token;

    RedisLease(String name, String key, String token) {
      this.name = name;
      this.key = key;
      this.token = token;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Future<Boolean> renew(Duration ttl) {
      return redis.eval(List.of(RENEW, "1", key, token, String.valueOf(Math.max(1, ttl.toMillis()))))
          .map(r -> r != null && r.toLong() == 1);
    }

    @Override
    public Future<Void> release() {
      return redis.eval(List.of(RELEASE, "1", key, token)).mapEmpty();
    }
  }
}
