package org.swiftline.gateway.channels;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.swiftline.bots.Leadership;
import org.swiftline.gateway.store.Lease;
import org.swiftline.gateway.store.Leases;

/**
 * {@link Leadership} on the store's leases: the instance holding the lease {@code <job>} runs the job. Every
 * third of the lease's time to live, the leader renews it and the others try to take it, so a job whose
 * instance died moves within about one time to live. A leader that cannot reach the store steps down before
 * its lease could have run out, so two instances never run the job at once.
 */
public final class LeaseLeadership implements Leadership {
  private static final System.Logger LOG = System.getLogger("swiftline.channels");

  private final Vertx vertx;
  private final Leases leases;
  private final Duration ttl;

  public LeaseLeadership(Vertx vertx, Leases leases, Duration ttl) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.leases = Objects.requireNonNull(leases, "leases");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
  }

  @Override
  public Candidacy stand(String job, Supplier<Future<Void>> elected, Supplier<Future<Void>> deposed) {
    Campaign campaign = new Campaign(job, elected, deposed);
    campaign.tick();
    campaign.timer = vertx.setPeriodic(Math.max(10, ttl.toMillis() / 3), id -> campaign.tick());
    return campaign::withdraw;
  }

  /** One candidacy; its state changes on the event loop of the timer only. */
  private final class Campaign {
    private final String job;
    private final Supplier<Future<Void>> elected;
    private final Supplier<Future<Void>> deposed;
    private long timer = -1;
    private Lease lease;
    private long renewedAtNanos;
    private boolean busy;
    private boolean withdrawn;

    Campaign(String job, Supplier<Future<Void>> elected, Supplier<Future<Void>> deposed) {
      this.job = job;
      this.elected = elected;
      this.deposed = deposed;
    }

    synchronized void tick() {
      if (busy || withdrawn) return;
      busy = true;
      Future<Void> step = lease == null ? campaign() : hold();
      step.onComplete(ar -> {
        synchronized (this) {
          busy = false;
        }
      });
    }

    private Future<Void> campaign() {
      long asked = System.nanoTime();
      return leases.tryAcquire(job, ttl).transform(ar -> {
        if (ar.failed() || ar.result().isEmpty()) return Future.succeededFuture();
        synchronized (this) {
          lease = ar.result().get();
          renewedAtNanos = asked;
          if (withdrawn) return lease.release();
        }
        LOG.log(System.Logger.Level.INFO, "leadership.elected job={0}", job);
        return elected.get().recover(e -> stepDown("could not start: " + e.getMessage()));
      });
    }

    private Future<Void> hold() {
      long asked = System.nanoTime();
      Lease held = lease;
      return held.renew(ttl).transform(ar -> {
        if (ar.succeeded() && ar.result()) {
          synchronized (this) {
            renewedAtNanos = asked;
          }
          return Future.succeededFuture();
        }
        if (ar.succeeded()) return stepDown("lease lost");
        // The store did not answer: keep running while the lease surely holds, step down before it may lapse.
        if (System.nanoTime() - renewedAtNanos > ttl.toNanos() * 2 / 3) return stepDown("store unreachable");
        return Future.succeededFuture();
      });
    }

    private Future<Void> stepDown(String reason) {
      Lease held;
      synchronized (this) {
        held = lease;
        lease = null;
      }
      if (held == null) return Future.succeededFuture();
      LOG.log(System.Logger.Level.WARNING, "leadership.deposed job={0} reason={1}", job, reason);
      return deposed.get().recover(e -> Future.succeededFuture())
          .compose(v -> held.release().recover(e -> Future.succeededFuture()));
    }

    Future<Void> withdraw() {
      Lease held;
      synchronized (this) {
        withdrawn = true;
        held = lease;
        lease = null;
      }
      vertx.cancelTimer(timer);
      if (held == null) return Future.succeededFuture();
      return deposed.get().recover(e -> Future.succeededFuture())
          .compose(v -> held.release().recover(e -> Future.succeededFuture()));
    }
  }
}
