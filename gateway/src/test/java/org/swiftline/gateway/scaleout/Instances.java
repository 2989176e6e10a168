package org.swiftline.gateway.scaleout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Redis;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.swiftline.gateway.TestGateway;

/** Gateway instances on one Redis under a key prefix of their own, and a person chatting with any of them. */
final class Instances {
  static final String SHARED_REDIS = "redis://127.0.0.1:6379/0";
  static final String ADMIN = "admin-token-for-scale-out-tests-7";

  final String prefix = "swiftline-test:" + UUID.randomUUID() + ":";
  final String url;

  Instances(String url) {
    this.url = url;
  }

  /** The settings of an instance, with {@code extra} on top. */
  Map<String, String> env(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(Map.of("SWIFTLINE_STORE", "redis", "SWIFTLINE_REDIS_URL", url,
        "SWIFTLINE_REDIS_PREFIX", prefix, "SWIFTLINE_ADMIN_TOKEN", ADMIN));
    env.putAll(extra);
    return env;
  }

  TestGateway start() {
    return start(Map.of());
  }

  TestGateway start(Map<String, String> extra) {
    return TestGateway.start(TestGateway.repositoryKnowledgeBase(), env(extra));
  }

  /** Deletes every key under the prefix. */
  void deleteKeys() {
    TestGateway.deleteRedisKeys(url, prefix);
  }

  static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 3000 && !condition.getAsBoolean(); i++) Thread.sleep(10);
    assertTrue(condition.getAsBoolean(), what + " (not within 30 s)");
  }

}
