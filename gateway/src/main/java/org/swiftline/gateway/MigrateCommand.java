package org.swiftline.gateway;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import org.swiftline.gateway.store.Migration;
import org.swiftline.gateway.store.redis.RedisStores;

/**
 * {@code swiftline.jar migrate --from data/swiftline.db --to redis://127.0.0.1:6379/0 [--prefix swiftline:]}:
 * copies an embedded store into Redis (see {@link Migration}) and prints what it copied.
 */
final class MigrateCommand {
  static final String USAGE = """
      Usage: java -jar gateway/target/swiftline.jar migrate --from FILE --to REDIS_URL [--prefix PREFIX]
        Copies the embedded store FILE (e.g. data/swiftline.db) into Redis under PREFIX (default swiftline:).
        Safe to run again: what Redis has already is left as it is.""";

  private MigrateCommand() {}

  /** Runs the command; returns the process's exit status (0 done, 1 failed, 2 bad arguments). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    String from = null;
    String to = null;
    String prefix = RedisStores.DEFAULT_PREFIX;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--help") || args[i].equals("-h")) {
        out.println(USAGE);
        return 0;
      }
      if (i + 1 >= args.length) {
        err.println("swiftline migrate: " + args[i] + " needs a value\n" + USAGE);
        return 2;
      }
      switch (args[i]) {
        case "--from" -> from = args[++i];
        case "--to" -> to = args[++i];
        case "--prefix" -> prefix = args[++i];
        default -> {
          err.println("swiftline migrate: unknown option '" + args[i] + "'\n" + USAGE);
          return 2;
        }
      }
    }
    if (from == null || to == null) {
      err.println("swiftline migrate: --from and --to are required\n" + USAGE);
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      long started = System.nanoTime();
      Migration.Counts counts = Migration.run(vertx, Path.of(from), to, prefix, Clock.systemUTC()).await();
      out.printf("swiftline migrate: copied %s from %s to %s (prefix %s) in %d ms%n", counts, from,
          RedisStores.redact(to), prefix, (System.nanoTime() - started) / 1_000_000);
      return 0;
    } catch (RuntimeException e) {
      err.println("swiftline migrate: failed: " + e.getMessage());
      return 1;
    } finally {
      vertx.close().await();
    }
  }
}
