package org.swiftline.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link Leases} that every store passes. To test an implementation, extend this class and
 * open fresh, empty stores in {@link #open}.
 */
public abstract class LeasesContract extends StoresUnderTest {


  private Leases leases() {
    return stores.leases();
  }

  @Test
  void aFreeLeaseIsTakenAndWhileHeldNobodyElseGetsIt() {
    Optional<Lease> first = leases().tryAcquire("conversation:c1", Duration.ofSeconds(30)).await();
    assertTrue(first.isPresent());
    assertEquals("conversation:c1", first.get().name());
    assertEquals(Optional.empty(), leases().tryAcquire("conversation:c1", Duration.ofSeconds(30)).await());
    assertTrue(leases().tryAcquire("conversation:c2", Duration.ofSeconds(30)).await().isPresent(), "names are separate");
  }

  @Test
  void aReleasedLeaseIsFreeAgain() {
    Lease lease = leases().tryAcquire("telegram:1:polling", Duration.ofSeconds(30)).await().orElseThrow();
    lease.release().await();
    assertTrue(leases().tryAcquire("telegram:1:polling", Duration.ofSeconds(30)).await().isPresent());
  }

  @Test
  void anExpiredLeaseGoesToTheNextAndTheFormerHolderCanNeitherRenewNorReleaseIt() throws InterruptedException {
    // given a lease left by an instance that died (never renewed)
    Lease dead = leases().tryAcquire("conversation:c3", Duration.ofMillis(200)).await().orElseThrow();
    Thread.sleep(400);
    // when another takes it after its expiry
    Lease next = leases().tryAcquire("conversation:c3", Duration.ofSeconds(30)).await().orElseThrow();
    // then the first can no longer renew it, and releasing it leaves the new holder's lease in place
    assertFalse(dead.renew(Duration.ofSeconds(30)).await());
    dead.release().await();
    assertEquals(Optional.empty(), leases().tryAcquire("conversation:c3", Duration.ofSeconds(30)).await());
    assertTrue(next.renew(Duration.ofSeconds(30)).await());
  }

  @Test
  void renewingKeepsALeasePastItsFirstExpiry() throws InterruptedException {
    Lease lease = leases().tryAcquire("conversation:c4", Duration.ofMillis(300)).await().orElseThrow();
    for (int i = 0; i < 4; i++) {
      Thread.sleep(150);
      assertTrue(lease.renew(Duration.ofMillis(300)).await());
    }
    assertEquals(Optional.empty(), leases().tryAcquire("conversation:c4", Duration.ofSeconds(1)).await());
  }

  @Test
  void aLeaseReleasedOnlyAfterItExpiredCannotBeRenewed() throws InterruptedException {
    Lease lease = leases().tryAcquire("conversation:c5", Duration.ofMillis(200)).await().orElseThrow();
    Thread.sleep(400);
    assertFalse(lease.renew(Duration.ofSeconds(1)).await());
    lease.release().await();
    assertTrue(leases().tryAcquire("conversation:c5", Duration.ofSeconds(1)).await().isPresent());
  }
}
