package org.swiftline.bots;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs asynchronous work one piece at a time per key (a chat, a user), in the order it was submitted;
 * work under different keys runs concurrently. A failed piece does not stop the ones after it.
 */
public final class KeyedQueue {
  private final Map<String, Future<?>> tails = new ConcurrentHashMap<>();

  /** Runs {@code work} once everything submitted earlier under {@code key} has finished; completes as it does. */
  public <T> Future<T> submit(String key, Supplier<Future<T>> work) {
    Promise<Void> done = Promise.promise();
    Future<?> previous = tails.put(key, done.future());
    Future<Void> start = previous == null ? Future.succeededFuture() : previous.transform(ignored -> Future.succeededFuture());
    Future<T> result = start.compose(v -> {
      try {
        return work.get();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
    result.onComplete(ignored -> {
      tails.remove(key, done.future());
      done.complete();
    });
    return result;
  }

  /** How many keys have work pending (for tests and metrics). */
  public int pendingKeys() {
    return tails.size();
  }
}
