package org.swiftline.bench;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.swiftline.gateway.GatewayVerticle;
import org.swiftline.gateway.Settings;

/** A real gateway started in this JVM on a free port, for benchmarks and quality tests. */
public final class GatewayUnderTest implements AutoCloseable {
  public final Vertx vertx;
  public final int port;
  public final long startMillis;

  private GatewayUnderTest(Vertx vertx, int port, long startMillis) {
    this.vertx = vertx;
    this.port = port;
    this.startMillis = startMillis;
  }

  /** Starts a gateway on {@code kb} with its data under {@code data}; {@code env} adds SWIFTLINE_* settings. */
  public static GatewayUnderTest start(Path kb, Path data, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    Settings settings = Settings.from(new String[] {"--port", "0", "--kb", kb.toString(), "--data", data.toString()}, all);
    long t0 = System.nanoTime();
    Vertx vertx = Vertx.vertx();
    GatewayVerticle gateway = new GatewayVerticle(settings, Clock.systemUTC());
    vertx.deployVerticle(gateway).await();
    return new GatewayUnderTest(vertx, gateway.port(), (System.nanoTime() - t0) / 1_000_000);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
