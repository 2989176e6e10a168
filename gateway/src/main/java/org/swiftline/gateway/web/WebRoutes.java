package org.swiftline.gateway.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Map;
import java.util.Set;

/**
 * The web pages: the demo city page at {@code /}, the chat widget under {@code /widget/} and the operator
 * console, supervisor view and analytics under {@code /console/}, served from the classpath folder {@code webroot} with {@link WebHeaders},
 * and Chart.js from its WebJar under {@code /vendor/chart.js/}; and CORS on the chat API so that the
 * widget works when embedded in another site's pages. To serve a new folder, add it to {@link #PATHS}.
 */
public final class WebRoutes {
  /** Chart.js, vendored from its WebJar (org.webjars.npm:chart.js in gateway/pom.xml; keep the versions equal). */
  static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.4.1/dist";

  /** What is served, and from which classpath folder: the demo page, three folders and Chart.js. */
  static final Map<String, String> PATHS = Map.of(
      "/", "webroot",
      "/index.html", "webroot",
      "/widget/*", "webroot/widget",
      "/demo/*", "webroot/demo",
      "/console/*", "webroot/console",
      "/vendor/chart.js/*", CHART_JS);

  private WebRoutes() {}

  /** Mounts the static files and the chat API's CORS; call before the chat routes are mounted. */
  public static void mount(Router router) {
    // The chat API needs no cookies or credentials (a conversation belongs to the userId the widget keeps),
    // so any site may call it from a browser; a JSON content type is still required.
    CorsHandler cors = CorsHandler.create()
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST))
        .allowedHeader("Content-Type")
        .allowCredentials(false)
        .maxAgeSeconds(3600);
    router.routeWithRegex("/api/v1/chat(/.*)?").handler(cors);

    WebHeaders headers = new WebHeaders();
    // /console is the console too: the bare folder name redirects to the folder and its index page.
    // (Vert.x routes ignore a trailing slash, so the handler tells the two apart.)
    router.route("/console").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
      if (ctx.request().path().equals("/console")) ctx.redirect("/console/");
      else ctx.next();
    });
    // A route ending in /* hands the static handler the path after its prefix, hence one handler per folder.
    PATHS.forEach((path, folder) -> router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(headers)
        .handler(files(folder)));
  }

  private static StaticHandler files(String folder) {
    return StaticHandler.create(folder)
        .setCachingEnabled(true)
        .setMaxAgeSeconds(3600)
        .setIndexPage("index.html")
        .setDirectoryListing(false)
        .setIncludeHidden(false)
        .setDefaultContentEncoding("UTF-8");
  }
}
