package org.swiftline.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a request through when it carries a configured secret as {@code Authorization: Bearer <token>}
 * (compared in constant time): 401 with {@code WWW-Authenticate: Bearer} without one or with a wrong one,
 * 403 when no token is configured (the routes are off). Used for {@code SWIFTLINE_ADMIN_TOKEN}.
 */
public final class BearerTokenGuard implements Handler<RoutingContext> {
  /**
   * The routing-context key a guard sets to {@code true} when the caller acts as an administrator (the admin
   * token, or an admin's session), for routes that give administrators more (personal data in exports).
   */
  public static final String ADMIN_CALLER = "swiftline.adminCaller";

  private final byte[] token;
  private final String setting;

  /**
   * @param token the secret, or {@code null}/blank to refuse every request with 403
   * @param setting the name of the setting that holds it, for messages (never the value)
   */
  public BearerTokenGuard(String token, String setting) {
    this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    this.setting = setting;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (token == null) {
      ctx.fail(403, new IllegalStateException("these routes are off: set " + setting + " to turn them on"));
      return;
    }
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
    if (given == null || given.isEmpty() || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ctx.fail(401, new IllegalStateException(given == null || given.isEmpty()
          ? "a token is required: Authorization: Bearer <" + setting + ">" : "the token is wrong"));
      return;
    }
    ctx.put(ADMIN_CALLER, true);
    ctx.next();
  }
}
