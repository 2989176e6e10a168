package org.swiftline.gateway.dialogue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.swiftline.bots.RejectedMessage;
import org.swiftline.gateway.store.Lease;
import org.swiftline.gateway.store.Leases;

/**
 * Runs work on a conversation while holding its lease {@code conversation:<id>}, so that of several gateway
 * instances only one processes a conversation at a time: waits while another instance holds it, renews it
 * every third of its time to live while the work runs, releases it afterwards. A lease of an instance that
 * died expires after its time to live. When the store cannot be reached the work runs without a lease
 * (this instance's own queue still orders it).
 */
public final class ConversationLeases {
  private static final System.Logger LOG = System.getLogger("swiftline.dialogue");
  private static final long FIRST_PAUSE_MS = 20;
  private static final long LONGEST_PAUSE_MS = 250;

  private final Vertx vertx;
  private final Leases leases;
  private final Duration ttl;
  private final Duration patience;

  /**
   * @param ttl how long a lease lasts without renewal (how long a dead instance blocks its conversations)
   * @param patience how long a turn waits for another instance's lease before it is refused as busy; more
   *     than {@code ttl}, so that a dead instance's lease runs out first
   */
  public ConversationLeases(Vertx vertx, Leases leases, Duration ttl, Duration patience) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.leases = Objects.requireNonNull(leases, "leases");
    if (ttl.toMillis() < 30) throw new IllegalArgumentException("ttl must be at least 30 ms");
    this.ttl = ttl;
    this.patience = Objects.requireNonNull(patience, "patience");
  }

  /**
   * Runs {@code work} holding the conversation's lease.
   *
   * @return a future that completes as the work does, or fails with an UNAVAILABLE {@link RejectedMessage}
   *     when another instance kept the conversation for longer than the patience allows
   */
  public <T> Future<T> holding(String conversationId, Supplier<Future<T>> work) {
    String name = "conversation:" + conversationId;
    long deadline = System.nanoTime() + patience.toNanos();
    return acquire(name, deadline, FIRST_PAUSE_MS).transform(ar -> {
      if (ar.failed() && ar.cause() instanceof RejectedMessage) return Future.failedFuture(ar.cause());
      if (ar.failed()) {
        LOG.log(System.Logger.Level.DEBUG, "dialogue.lease.skipped reason={0}", ar.cause().getMessage());
        return work.get();
      }
      Lease lease = ar.result();
      long renewal = vertx.setPeriodic(Math.max(10, ttl.toMillis() / 3), id -> lease.renew(ttl).onComplete(renewed -> {
        if (renewed.succeeded() && !renewed.result()) {
          LOG.log(System.Logger.Level.WARNING, "dialogue.lease.lost conversation={0}", conversationId);
        }
      }));
      Future<T> result;
      try {
        result = work.get();
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      // released before the result is given, so that the conversation's next turn finds it free on any instance
      return result.transform(done -> {
        vertx.cancelTimer(renewal);
        return lease.release()
            .recover(e -> {
              LOG.log(System.Logger.Level.DEBUG, "dialogue.lease.not_released reason={0}", e.getMessage());
              return Future.succeededFuture();
            })
            .transform(released -> done.succeeded() ? Future.succeededFuture(done.result()) : Future.failedFuture(done.cause()));
      });
    });
  }

  private Future<Lease> acquire(String name, long deadline, long pause) {
    return leases.tryAcquire(name, ttl).compose(got -> {
      if (got.isPresent()) return Future.succeededFuture(got.get());
      if (System.nanoTime() > deadline) {
        return Future.failedFuture(new RejectedMessage(RejectedMessage.Reason.UNAVAILABLE,
            "the conversation is busy, please retry in a few seconds"));
      }
      Promise<Lease> later = Promise.promise();
      vertx.setTimer(pause, id -> acquire(name, deadline, Math.min(LONGEST_PAUSE_MS, pause * 2)).onComplete(later));
      return later.future();
    });
  }
}
