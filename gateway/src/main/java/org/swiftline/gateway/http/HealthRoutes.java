package org.swiftline.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.BooleanSupplier;

/** {@code GET /health/live} (the process runs) and {@code GET /health/ready} (it can serve chats). */
public final class HealthRoutes {
  private HealthRoutes() {}

  /**
   * @param knowledgeBaseReady whether the knowledge base is indexed
   * @param storeReady whether the store is open
   */
  public static void mount(Router router, BooleanSupplier knowledgeBaseReady, BooleanSupplier storeReady) {
    router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> {
      boolean kb = knowledgeBaseReady.getAsBoolean();
      boolean store = storeReady.getAsBoolean();
      ctx.response().setStatusCode(kb && store ? 200 : 503);
      ctx.json(new JsonObject()
          .put("status", kb && store ? "UP" : "DOWN")
          .put("knowledgeBase", kb ? "UP" : "DOWN")
          .put("store", store ? "UP" : "DOWN"));
    });
  }
}
