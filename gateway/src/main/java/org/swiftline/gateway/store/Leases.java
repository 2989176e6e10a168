package org.swiftline.gateway.store;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;

/**
 * Named leases that at most one holder has at a time, across every gateway instance on the store, each
 * expiring unless renewed (so a lease of an instance that died is free again after its time to live).
 * Used to process a conversation on one instance at a time and to run Telegram long polling on one.
 *
 * <p>Implementations: {@link LocalLeases} (one process, for the embedded store) and {@code store/redis}
 * ({@code SET NX PX} with a random token); both pass {@code LeasesContract}.
 */
public interface Leases {

  /**
   * Tries once to take the lease {@code name} for {@code ttl}.
   *
   * @return a future that succeeds with the lease, or empty when another holder has it, and fails when
   *     the store cannot be reached
   */
  Future<Optional<Lease>> tryAcquire(String name, Duration ttl);
}
