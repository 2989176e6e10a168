package org.swiftline.gateway.llm;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.swiftline.bots.LanguageTags;
import org.swiftline.bots.web.WebChatMapping;

/**
 * The LLM routes for staff, each behind the guard given (an operator session, or the admin token for scripts; was: once
 * the operator console is wired):
 * <ul>
 *   <li>{@code POST /api/v1/llm/translate} {@code {"text", "from", "to"}} -> {@code {"text", "from", "to"}}
 *   <li>{@code POST /api/v1/llm/summary} {@code {"conversationId", "language"?}} -> {@code {"conversationId",
 *       "summary", "source": "model"|"transcript"}}
 *   <li>{@code GET /api/v1/llm/status} -> the provider, the features that are on, the circuit and counters
 * </ul>
 * Errors: 400 bad input, 401/403 from the guard, 404 an unknown conversation, 503 when the feature is off
 * or the model cannot translate now.
 */
public final class LlmRoutes {
  static final int MAX_TEXT = 4000;

  private final LlmSettings settings;
  private final LlmServices services;
  private final Handler<RoutingContext> guard;

  /** Refused input or an unavailable feature, with its HTTP status. */
  static final class Failure extends RuntimeException {
    Failure(String message) {
      super(message, null, false, false);
    }
  }

  public LlmRoutes(LlmSettings settings, LlmServices services, Handler<RoutingContext> guard) {
    this.settings = settings;
    this.services = services;
    this.guard = guard;
  }

  public void mount(Router router) {
    router.route("/api/v1/llm/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(guard);
    router.post("/api/v1/llm/translate").handler(this::translate);
    router.post("/api/v1/llm/summary").handler(this::summary);
    router.get("/api/v1/llm/status").handler(this::status);
  }

  private void translate(RoutingContext ctx) {
    JsonObject in = body(ctx);
    if (in == null) return;
    String text = in.getValue("text") instanceof String s ? s : null;
    if (text == null || text.isBlank() || text.codePointCount(0, text.length()) > MAX_TEXT) {
      ctx.fail(400, new Failure("'text' must be a string of 1 to " + MAX_TEXT + " characters"));
      return;
    }
    String from = tag(ctx, in, "from");
    String to = from == null ? null : tag(ctx, in, "to");
    if (to == null) return;
    if (services.translator() == null) {
      ctx.fail(503, new Failure(off("translate")));
      return;
    }
    services.translator().translate(text, from, to)
        .onSuccess(t -> ctx.json(new JsonObject().put("text", t).put("from", from).put("to", to)))
        .onFailure(e -> ctx.fail(503, new Failure("translation is not available now: " + e.getMessage())));
  }

  private void summary(RoutingContext ctx) {
    JsonObject in = body(ctx);
    if (in == null) return;
    String id = in.getValue("conversationId") instanceof String s && !s.isBlank() && s.length() <= 200 ? s : null;
    if (id == null) {
      ctx.fail(400, new Failure("'conversationId' must be a conversation's id"));
      return;
    }
    String language = in.getValue("language") == null ? "en" : tag(ctx, in, "language");
    if (language == null) return;
    if (services.summaries() == null) {
      ctx.fail(503, new Failure(off("summary")));
      return;
    }
    services.summaries().summarise(id, language)
        .onSuccess(s -> ctx.json(new JsonObject().put("conversationId", s.conversationId()).put("summary", s.text())
            .put("source", s.source())))
        .onFailure(e -> {
          if (e instanceof HandoffSummaries.NoSuchConversation) ctx.fail(404, e);
          else ctx.fail(e);
        });
  }

  private void status(RoutingContext ctx) {
    JsonObject out = new JsonObject().put("provider", settings.provider()).put("model", settings.model())
        .put("features", new io.vertx.core.json.JsonArray(settings.enabled()
            ? settings.features().stream().map(f -> f.wire).sorted().toList() : java.util.List.of()));
    if (services.client() != null) out.mergeIn(services.client().status());
    ctx.json(out);
  }

  private String off(String feature) {
    return settings.enabled()
        ? "the '" + feature + "' LLM feature is off (SWIFTLINE_LLM_FEATURES)"
        : "no language model is configured (SWIFTLINE_LLM_PROVIDER)";
  }

  private static JsonObject body(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      ctx.fail(415, new Failure("the body must be JSON (Content-Type: application/json)"));
      return null;
    }
    try {
      return WebChatMapping.parseObject(ctx.body().buffer());
    } catch (RuntimeException e) {
      ctx.fail(400, new Failure(e.getMessage()));
      return null;
    }
  }

  private static String tag(RoutingContext ctx, JsonObject in, String field) {
    String value = in.getValue(field) instanceof String s ? s.strip() : null;
    if (value == null || !LanguageTags.isWellFormed(value)) {
      ctx.fail(400, new Failure("'" + field + "' must be a BCP-47 language tag such as en or zh-CN"));
      return null;
    }
    return LanguageTags.primary(value);
  }
}
