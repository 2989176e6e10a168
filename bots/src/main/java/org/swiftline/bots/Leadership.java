package org.swiftline.bots;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Chooses which of several gateway instances runs a channel's one-at-a-time background job (Telegram long
 * polling: Telegram allows one {@code getUpdates} caller per bot). Implemented by the gateway on its store's
 * leases; {@link #alone()} serves a single instance.
 */
public interface Leadership {

  /**
   * Stands for running {@code job}: {@code elected} is called when this instance is to run it, and
   * {@code deposed} when it must stop (it could not keep the job, or withdraws); both may be called again
   * later, alternately, as the job moves between instances.
   *
   * @return the candidacy, to withdraw when the channel stops
   */
  Candidacy stand(String job, Supplier<Future<Void>> elected, Supplier<Future<Void>> deposed);

  /** A candidacy for one job. */
  interface Candidacy {
    /** Stops the job here if it runs here and lets another instance have it; succeeds once done. */
    Future<Void> withdraw();
  }

  /** The leadership of a gateway that runs alone: elected at once, deposed only on withdrawal. */
  static Leadership alone() {
    return (job, elected, deposed) -> {
      Future<Void> started = elected.get();
      return () -> started.transform(ar -> ar.succeeded() ? deposed.get() : Future.succeededFuture());
    };
  }
}
