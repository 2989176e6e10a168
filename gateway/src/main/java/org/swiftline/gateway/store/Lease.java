package org.swiftline.gateway.store;

import io.vertx.core.Future;
import java.time.Duration;

/** A lease held by this instance: exclusive use of a name until it is released or expires. */
public interface Lease {

  /** The name it was taken for, e.g. {@code conversation:<id>}. */
  String name();

  /**
   * Extends the lease to {@code ttl} from now.
   *
   * @return a future that succeeds with {@code true} while the lease is still held, with {@code false} when
   *     it expired (and may be held by another instance now), and fails when the store cannot be reached
   */
  Future<Boolean> renew(Duration ttl);

  /** Gives the lease up if it is still held; succeeds either way, and fails only when the store cannot be reached. */
  Future<Void> release();
}
