package org.swiftline.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A real gateway on a free port with a fresh data folder, for tests and benchmarks. The embedding and
 * calibration caches are shared between runs (under {@code target/shared-cache}) so that only the first
 * start in a build computes them; the database is always new.
 */
public final class TestGateway implements AutoCloseable {
  public final Vertx vertx;
  public final int port;
  public final Path data;
  public final WebClient client;
  public final long startMillis;
  /** The running verticle, e.g. to deliver outbound messages through its channels. */
  public final GatewayVerticle verticle;

  private TestGateway(Vertx vertx, GatewayVerticle verticle, int port, Path data, long startMillis) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.port = port;
    this.data = data;
    this.startMillis = startMillis;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  /** The repository's knowledge base, found from the module folder or the repository root. */
  public static Path repositoryKnowledgeBase() {
    for (Path p : new Path[] {Path.of("knowledge-base"), Path.of("../knowledge-base")}) {
      if (Files.isDirectory(p.resolve("articles"))) return p.toAbsolutePath().normalize();
    }
    throw new IllegalStateException("knowledge-base folder not found from " + Path.of("").toAbsolutePath());
  }

  public static TestGateway start(Path kb) {
    return start(kb, Map.of());
  }

  /** Starts a gateway on {@code kb} with extra {@code SWIFTLINE_*} settings; a new data folder each time. */
  public static TestGateway start(Path kb, Map<String, String> env) {
    return start(kb, newData(), env);
  }

  /** A new data folder sharing the build's embedding and calibration caches. */
  /** Deletes every key under {@code prefix} in the Redis at {@code url} (SCAN and DEL), for tests and benchmarks that share it. */
  public static void deleteRedisKeys(String url, String prefix) {
    Vertx vertx = Vertx.vertx();
    io.vertx.redis.client.Redis client = io.vertx.redis.client.Redis.createClient(vertx, url);
    try {
      io.vertx.redis.client.RedisAPI redis = io.vertx.redis.client.RedisAPI.api(client);
      String cursor = "0";
      do {
        io.vertx.redis.client.Response page = redis.scan(java.util.List.of(cursor, "MATCH", prefix + "*", "COUNT", "1000")).await();
        cursor = page.get(0).toString();
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (io.vertx.redis.client.Response key : page.get(1)) keys.add(key.toString());
        if (!keys.isEmpty()) redis.del(keys).await();
      } while (!cursor.equals("0"));
    } finally {
      client.close().await();
      vertx.close().await();
    }
  }

  public static Path newData() {
    try {
      Path data = Files.createTempDirectory("swiftline-test");
      Path shared = Path.of("target", "shared-cache").toAbsolutePath();
      for (String dir : new String[] {"embeddings", "cache"}) {
        Files.createDirectories(shared.resolve(dir));
        Files.createSymbolicLink(data.resolve(dir), shared.resolve(dir));
      }
      return data;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a gateway on {@code kb} using {@code data} as it is (to test restarts). */
  public static TestGateway start(Path kb, Path data, Map<String, String> env) {
    return start(kb, data, env, Clock.systemUTC());
  }

  /** Starts a gateway whose time is {@code clock} (to test expiry without waiting). */
  public static TestGateway start(Path kb, Path data, Map<String, String> env, Clock clock) {
    Settings settings = Settings.from(
        new String[] {"--port", "0", "--kb", kb.toString(), "--data", data.toString()}, new HashMap<>(env));
    long t0 = System.nanoTime();
    Vertx vertx = Vertx.vertx();
    GatewayVerticle gateway = new GatewayVerticle(settings, clock);
    try {
      vertx.deployVerticle(gateway).await();
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
    return new TestGateway(vertx, gateway, gateway.port(), data, (System.nanoTime() - t0) / 1_000_000);
  }

  /** Posts a chat turn and waits for the answer. */
  public HttpResponse<Buffer> chat(JsonObject body) {
    return client.post("/api/v1/chat").sendJsonObject(body).await();
  }

  /** Posts raw bytes with a content type and waits. */
  public HttpResponse<Buffer> post(String path, String contentType, Buffer body) {
    var request = client.post(path);
    if (contentType != null) request.putHeader("Content-Type", contentType);
    return request.sendBuffer(body).await();
  }

  public HttpResponse<Buffer> get(String path) {
    return client.get(path).send().await();
  }

  @Override
  public void close() {
    client.close();
    vertx.close().await();
  }
}
