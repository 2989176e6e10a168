package org.swiftline.gateway.retrieval;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.swiftline.gateway.knowledge.KnowledgeBase;
import org.swiftline.gateway.knowledge.KnowledgeBaseLoader;

/**
 * The answer engine currently serving, and its reloads: a reload loads and indexes the knowledge base on
 * a worker thread and swaps the new engine in atomically; a broken knowledge base keeps the previous
 * engine serving and is reported in {@link #status()}.
 */
public final class LiveEngine {
  private static final System.Logger LOG = System.getLogger("swiftline.kb");

  private final WorkerExecutor workers;
  private final Path folder;
  private final Function<KnowledgeBase, AnswerEngine> builder;
  private final Clock clock;
  private final AtomicReference<AnswerEngine> current = new AtomicReference<>();
  private volatile String lastError;
  private volatile Instant loadedAt;
  private volatile Future<AnswerEngine> inFlight;

  public LiveEngine(WorkerExecutor workers, Path folder, Function<KnowledgeBase, AnswerEngine> builder, Clock clock) {
    this.workers = workers;
    this.folder = folder;
    this.builder = builder;
    this.clock = clock;
  }

  /** The serving engine, or {@code null} before the first load. */
  public AnswerEngine current() {
    return current.get();
  }

  /**
   * Loads the folder and swaps the result in.
   *
   * @return a future that succeeds with the new engine, or fails with the problem (the previous engine,
   *     if any, keeps serving)
   */
  public synchronized Future<AnswerEngine> reload() {
    if (inFlight != null && !inFlight.isComplete()) return inFlight;
    Future<AnswerEngine> future = workers.executeBlocking(() -> builder.apply(new KnowledgeBaseLoader().load(folder)), false);
    inFlight = future
        .onSuccess(engine -> {
          current.set(engine);
          lastError = null;
          loadedAt = clock.instant();
          LOG.log(System.Logger.Level.INFO, "kb.loaded articles={0} languages={1}",
              engine.knowledgeBase().articles().size(), engine.knowledgeBase().languages());
        })
        .onFailure(error -> {
          lastError = error.getMessage();
          LOG.log(System.Logger.Level.WARNING, "kb.reload.failed {0}", error.getMessage());
        });
    return inFlight;
  }

  /** Whether an engine is serving. */
  public boolean ready() {
    return current.get() != null;
  }

  /** What is loaded and the last reload problem, for the knowledge-base status API. */
  public JsonObject status() {
    AnswerEngine engine = current.get();
    JsonObject status = new JsonObject().put("ready", engine != null).put("lastError", lastError);
    if (engine != null) {
      status.put("articles", engine.knowledgeBase().articles().size())
          .put("languages", new io.vertx.core.json.JsonArray(java.util.List.copyOf(engine.knowledgeBase().languages())))
          .put("fingerprint", engine.knowledgeBase().fingerprint())
          .put("loadedAt", loadedAt == null ? null : loadedAt.toString())
          .put("calibration", engine.policy().toJson());
    }
    return status;
  }
}
