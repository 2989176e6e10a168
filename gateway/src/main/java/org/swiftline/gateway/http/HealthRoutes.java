package org.swiftline.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** {@code GET /health/live} (the process runs) and {@code GET /health/ready} (it can serve chats). */
public final class HealthRoutes {
  private HealthRoutes() {}

  /**
   * @param knowledgeBaseReady whether the knowledge base is indexed
   * @param storeOutage why the store cannot be used now (not open yet, Redis unreachable), or empty
   */
  public static void mount(Router router, BooleanSupplier knowledgeBaseReady, Supplier<Optional<String>> storeOutage) {
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> {
      boolean kb = knowledgeBaseReady.getAsBoolean();
      Optional<String> outage = storeOutage.get();
      boolean store = outage.isEmpty();
      ctx.response().setStatusCode(kb && store ? 200 : 503);
      JsonObject body = new JsonObject()
          .put("status", kb && store ? "UP" : "DOWN")
          .put("knowledgeBase", kb ? "UP" : "DOWN")
          .put("store", store ? "UP" : "DOWN");
      if (!kb || !store) {
        body.put("reason", !store ? outage.get() : "the knowledge base is still being indexed");
      }
      ctx.json(body);
    });
  }
}
