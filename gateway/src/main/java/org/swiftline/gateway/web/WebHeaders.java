package org.swiftline.gateway.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Security and caching headers for the web pages and the widget's files: a strict Content-Security-Policy
 * (only the gateway's own scripts, styles, images and connections, plus WebSockets; no inline code), no
 * MIME sniffing, no referrer, and caching that lets browsers keep files for an hour but always revalidate
 * pages. The widget's files may be loaded by other sites' pages (module scripts need CORS for that).
 */
public final class WebHeaders implements Handler<RoutingContext> {
  /** The policy of every page the gateway serves. */
  public static final String CONTENT_SECURITY_POLICY = String.join("; ",
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self' ws: wss:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'self'");

  /** Pages: always revalidated, so a new release shows at once. */
  public static final String PAGE_CACHE = "no-cache";

  /** Scripts, styles and images: kept for an hour, then revalidated with If-Modified-Since. */
  public static final String ASSET_CACHE = "public, max-age=3600";

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    boolean widget = path.startsWith("/widget/");
    HttpServerResponse response = ctx.response();
    response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        .putHeader("Cross-Origin-Resource-Policy", widget ? "cross-origin" : "same-origin");
    if (widget) response.putHeader("Access-Control-Allow-Origin", "*");
    boolean page = path.endsWith("/") || path.endsWith(".html");
    // The static handler writes its own Cache-Control; ours replaces it just before the headers go out.
    response.headersEndHandler(v -> {
      if (response.getStatusCode() == 200 || response.getStatusCode() == 304) {
        response.putHeader("Cache-Control", page ? PAGE_CACHE : ASSET_CACHE);
      }
    });
    ctx.next();
  }
}
