package org.swiftline.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a request through only with {@code Authorization: Bearer <SWIFTLINE_ADMIN_TOKEN>}: 401 without it or
 * with a wrong one, 403 when no admin token is configured. For routes that will later accept operator
 * sessions too (the LLM routes), which take their guard as a {@code Handler<RoutingContext>}.
 */
public final class AdminTokenGuard implements Handler<RoutingContext> {
  private final byte[] token;

  /** @param token {@code SWIFTLINE_ADMIN_TOKEN}, or {@code null}: then every request is refused */
  public AdminTokenGuard(String token) {
    this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /** Refused with 401 or 403. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (token == null) {
      ctx.fail(403, new Refused("this API is off: set SWIFTLINE_ADMIN_TOKEN to turn it on"));
      return;
    }
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
    if (given == null || given.isEmpty() || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ctx.fail(401, new Refused(given == null || given.isEmpty()
          ? "the admin token is required: Authorization: Bearer <SWIFTLINE_ADMIN_TOKEN>" : "the admin token is wrong"));
      return;
    }
    ctx.next();
  }
}
