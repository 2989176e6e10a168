package org.swiftline.gateway.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of a test's own on a free port, without persistence, that the test may stop and
 * start again on the same port (the shared Redis on 6379 is never stopped).
 */
public final class PrivateRedis implements AutoCloseable {
  private final int port;
  private final Path dir;
  private Process process;

  public PrivateRedis() {
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
      dir = Files.createTempDirectory("swiftline-redis");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    start();
  }

  public String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  /** Starts the server and waits until it accepts connections. */
  public void start() {
    try {
      process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", dir.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
      for (int i = 0; i < 500; i++) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          return;
        } catch (IOException notYet) {
          Thread.sleep(10);
        }
      }
      throw new IllegalStateException("redis-server did not start on port " + port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the server (as a crash would) and waits until it is gone. */
  public void stop() {
    if (process == null) return;
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
  }
}
