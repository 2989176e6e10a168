package org.swiftline.gateway.knowledge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Notices when the knowledge-base folder changes, by polling a cheap fingerprint of every file's path,
 * size and modification time on a worker thread; fires once the folder has been quiet for one period, so
 * that an editor saving many files triggers one reload.
 */
public final class KnowledgeBaseWatcher {
  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final Path folder;
  private final long periodMs;
  private final Runnable onChange;
  private long timer = -1;
  private String seen;
  private String pending;

  public KnowledgeBaseWatcher(Vertx vertx, WorkerExecutor workers, Path folder, long periodMs, Runnable onChange) {
    this.vertx = vertx;
    this.workers = workers;
    this.folder = folder;
    this.periodMs = periodMs;
    this.onChange = onChange;
  }

  /** Starts polling; the first poll records the current state without firing. */
  public Future<Void> start() {
    return scan().map(state -> {
      seen = state;
      timer = vertx.setPeriodic(periodMs, id -> scan().onSuccess(this::check));
      return null;
    });
  }

  public void stop() {
    if (timer >= 0) vertx.cancelTimer(timer);
  }

  private void check(String state) {
    if (state.equals(seen)) {
      pending = null;
      return;
    }
    if (!state.equals(pending)) {
      pending = state; // changed since last poll: wait for it to settle
      return;
    }
    seen = state;
    pending = null;
    onChange.run();
  }

  private Future<String> scan() {
    return workers.executeBlocking(() -> {
      StringBuilder state = new StringBuilder();
      if (!Files.isDirectory(folder)) return "missing";
      try (Stream<Path> files = Files.walk(folder)) {
        files.filter(Files::isRegularFile).sorted().forEach(f -> {
          try {
            state.append(f).append(':').append(Files.size(f)).append(':')
                .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
          } catch (IOException gone) {
            state.append(f).append(":gone\n");
          }
        });
      }
      return Integer.toHexString(state.toString().hashCode()) + state.length();
    }, false);
  }
}
