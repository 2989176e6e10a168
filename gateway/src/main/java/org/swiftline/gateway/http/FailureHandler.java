package org.swiftline.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The one place errors are rendered: {@code {"error": "..."}} with the failure's status. Client errors
 * carry the message that says what is wrong; server errors are logged and say nothing internal.
 */
public final class FailureHandler implements Handler<RoutingContext> {
  private static final System.Logger LOG = System.getLogger("swiftline.http");

  @Override
  public void handle(RoutingContext ctx) {
    int status = ctx.statusCode() >= 400 ? ctx.statusCode() : 500;
    Throwable failure = ctx.failure();
    String message;
    if (status >= 500 && status != 503) {
      LOG.log(System.Logger.Level.ERROR, "http.failure path=" + ctx.request().path(), failure);
      message = "internal error";
    } else if (failure != null && failure.getMessage() != null) {
      message = failure.getMessage();
    } else {
      message = switch (status) {
        case 404 -> "not found";
        case 405 -> "method not allowed";
        case 413 -> "request body too large";
        case 415 -> "unsupported content type";
        case 503 -> "service unavailable";
        default -> "bad request";
      };
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(new JsonObject().put("error", message).encode());
  }
}
