package org.swiftline.gateway.store;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link Leases} within one process, for the embedded store: there is only one instance to share with. */
public final class LocalLeases implements Leases {
  private final Clock clock;
  private final Map<String, Held> held = new HashMap<>(); // guarded by this

  private record Held(Object token, long expiresAtMillis) {}

  public LocalLeases(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized Future<Optional<Lease>> tryAcquire(String name, Duration ttl) {
    Objects.requireNonNull(name, "name");
    long now = clock.millis();
    Held current = held.get(name);
    if (current != null && current.expiresAtMillis() > now) return Future.succeededFuture(Optional.empty());
    Object token = new Object();
    held.put(name, new Held(token, now + ttl.toMillis()));
    return Future.succeededFuture(Optional.of(new LocalLease(name, token)));
  }

  private final class LocalLease implements Lease {
    private final String name;
    private final Object token;

    LocalLease(String name, Object token) {
      this.name = name;
      this.token = token;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Future<Boolean> renew(Duration ttl) {
      synchronized (LocalLeases.this) {
        Held current = held.get(name);
        long now = clock.millis();
        if (current == null || current.token() != token || current.expiresAtMillis() <= now) {
          return Future.succeededFuture(false);
        }
        held.put(name, new Held(token, now + ttl.toMillis()));
        return Future.succeededFuture(true);
      }
    }

    @Override
    public Future<Void> release() {
      synchronized (LocalLeases.this) {
        Held current = held.get(name);
        if (current != null && current.token() == token) held.remove(name);
        return Future.succeededFuture();
      }
    }
  }
}
