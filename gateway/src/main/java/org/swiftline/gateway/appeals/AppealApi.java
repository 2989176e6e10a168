package org.swiftline.gateway.appeals;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.swiftline.bots.web.WebChatMapping;
import org.swiftline.gateway.knowledge.KnowledgeBase;
import org.swiftline.gateway.store.AppealFact;
import org.swiftline.gateway.store.AppealQuery;
import org.swiftline.gateway.store.StaleAppeal;

/**
 * The staff side of appeals over HTTP.
 *
 * <p>Departments, with their API key ({@code Authorization: Bearer <key>}), under
 * {@code /api/v1/departments/<department>/appeals}: list their appeals ({@code ?status=a,b&limit=n}), read
 * one with its audit trail, and {@code POST .../<number>/accept} ({@code {"note"}} optional),
 * {@code .../notes} ({@code {"note"}}), {@code .../resolve} ({@code {"reply"}}, sent to the citizen) and
 * {@code .../triage} (back to the triage queue, {@code {"note"}} optional).
 *
 * <p>Administrators, with {@code SWIFTLINE_ADMIN_TOKEN}, under {@code /api/v1/admin}: create and revoke
 * department keys ({@code POST /departments/<department>/keys}, {@code DELETE .../keys/<id>}) and Open311
 * clients' keys ({@code POST /open311/keys}, {@code DELETE /open311/keys/<id>}), list appeals
 * ({@code /appeals?triage=true&status=&department=}), read one, and route ({@code {"department", "note"}}),
 * reject ({@code {"reason"}}) or close one.
 *
 * <p>Errors go to the router's failure handler: 400 bad input, 401 no or a wrong key, 403 a key of another
 * department or admin routes without a configured token, 404 an appeal that is not there or not the
 * department's, 409 an action the appeal's status does not allow, 415 a body that is not JSON.
 */
public final class AppealApi {
  private static final long MAX_BODY = 64 * 1024;
  private static final int DEFAULT_LIMIT = 100;
  /** The owner of API keys for Open311 clients (city dashboards, 311 apps), which may post requests only. */
  static final String OPEN311_CLIENT = "open311";

  private final AppealDesk desk;
  private final DepartmentKeys keys;
  private final byte[] adminToken;

  /** @param adminToken {@code SWIFTLINE_ADMIN_TOKEN}, or {@code null} to turn the admin routes off */
  public AppealApi(AppealDesk desk, DepartmentKeys keys, String adminToken) {
    this.desk = desk;
    this.keys = keys;
    this.adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken.getBytes(StandardCharsets.UTF_8);
  }

  /** An error with an HTTP status, for the failure handler. */
  static final class ApiError extends RuntimeException {
    final int status;

    ApiError(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  public void mount(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    String dept = "/api/v1/departments/:department";
    // The body is read before authentication, which is asynchronous (a body handler after it would be too late).
    router.route(dept + "/*").handler(body).handler(this::department);
    router.get(dept + "/appeals").handler(this::listForDepartment);
    router.get(dept + "/appeals/:number").handler(ctx -> show(ctx, departmentOf(ctx)));
    router.post(dept + "/appeals/:number/accept").handler(ctx -> departmentAction(ctx,
        (a, in) -> desk.lifecycle().accept(a, actor(ctx), optional(in, "note"))));
    router.post(dept + "/appeals/:number/notes").handler(ctx -> departmentAction(ctx,
        (a, in) -> desk.lifecycle().note(a, actor(ctx), required(in, "note"))));
    router.post(dept + "/appeals/:number/resolve").handler(ctx -> departmentAction(ctx,
        (a, in) -> desk.lifecycle().resolve(a, actor(ctx), required(in, "reply"))));
    router.post(dept + "/appeals/:number/triage").handler(ctx -> departmentAction(ctx,
        (a, in) -> desk.lifecycle().toTriage(a, actor(ctx), optional(in, "note"))));

    router.route("/api/v1/admin/*").handler(body).handler(this::admin);
    router.post("/api/v1/admin/departments/:department/keys").handler(this::createKey);
    router.delete("/api/v1/admin/departments/:department/keys/:keyId").handler(this::revokeKey);
    router.post("/api/v1/admin/open311/keys").handler(ctx -> keys.create(OPEN311_CLIENT).onFailure(ctx::fail)
        .onSuccess(created -> ctx.response().setStatusCode(201)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
            .end(new JsonObject().put("keyId", created.key().id()).put("apiKey", created.apiKey())
                .put("createdAt", created.key().createdAt().toString()).encode())));
    router.delete("/api/v1/admin/open311/keys/:keyId").handler(ctx -> keys.revoke(OPEN311_CLIENT, ctx.pathParam("keyId"))
        .onFailure(ctx::fail).onSuccess(found -> {
          if (found) ctx.response().setStatusCode(204).end();
          else ctx.fail(404, new ApiError(404, "no such Open311 key"));
        }));
    router.get("/api/v1/admin/appeals").handler(this::listForAdmin);
    router.get("/api/v1/admin/appeals/:number").handler(ctx -> show(ctx, null));
    router.post("/api/v1/admin/appeals/:number/route").handler(ctx -> adminAction(ctx, in -> {
      String department = required(in, "department");
      if (!desk.knowledgeBase().departments().containsKey(department)) {
        throw new IllegalArgumentException("unknown department '" + department + "'");
      }
      return a -> desk.lifecycle().route(a, department, "admin", optional(in, "note"));
    }));
    router.post("/api/v1/admin/appeals/:number/reject").handler(ctx -> adminAction(ctx, in -> {
      String reason = required(in, "reason");
      return a -> desk.lifecycle().reject(a, "admin", reason);
    }));
    router.post("/api/v1/admin/appeals/:number/close").handler(ctx -> adminAction(ctx, in -> {
      String note = optional(in, "note");
      return a -> desk.lifecycle().close(a, "admin", note);
    }));
  }

  // ---- authentication

  private void department(RoutingContext ctx) {
    String department = ctx.pathParam("department");
    try {
      if (!desk.knowledgeBase().departments().containsKey(department)) {
        ctx.fail(404, new ApiError(404, "unknown department '" + department + "' (see departments.yaml)"));
        return;
      }
    } catch (IllegalStateException loading) {
      ctx.fail(503, loading);
      return;
    }
    String key = bearer(ctx);
    if (key == null) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ctx.fail(401, new ApiError(401, "an API key is required: Authorization: Bearer <key>"));
      return;
    }
    keys.department(key).onFailure(ctx::fail).onSuccess(owner -> {
      if (owner.isEmpty()) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        ctx.fail(401, new ApiError(401, "the API key is not valid (unknown, revoked or mistyped)"));
      } else if (!owner.get().equals(department)) {
        ctx.fail(403, new ApiError(403, "this API key belongs to another department"));
      } else {
        ctx.put("department", department);
        ctx.next();
      }
    });
  }

  private void admin(RoutingContext ctx) {
    if (adminToken == null) {
      ctx.fail(403, new ApiError(403, "the admin API is off: set SWIFTLINE_ADMIN_TOKEN to turn it on"));
      return;
    }
    String token = bearer(ctx);
    if (token == null || !MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ctx.fail(401, new ApiError(401, token == null
          ? "the admin token is required: Authorization: Bearer <SWIFTLINE_ADMIN_TOKEN>" : "the admin token is wrong"));
      return;
    }
    ctx.next();
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String token = header.substring(7).strip();
      return token.isEmpty() ? null : token;
    }
    String key = ctx.request().getHeader("X-API-Key");
    return key == null || key.isBlank() ? null : key.strip();
  }

  private static String departmentOf(RoutingContext ctx) {
    return ctx.get("department");
  }

  private static String actor(RoutingContext ctx) {
    return AuditEntry.department(departmentOf(ctx));
  }

  // ---- department routes

  private void listForDepartment(RoutingContext ctx) {
    AppealQuery query;
    try {
      query = new AppealQuery(null, departmentOf(ctx), false, statuses(ctx), null, null, null, limit(ctx));
    } catch (IllegalArgumentException e) {
      ctx.fail(400, e);
      return;
    }
    list(ctx, query);
  }

  /** Reads the JSON body (optional when {@code in} may be empty), applies the action to an appeal of the department. */
  private void departmentAction(RoutingContext ctx, java.util.function.BiFunction<Appeal, JsonObject, Change> action) {
    JsonObject in;
    try {
      in = body(ctx);
      // Validate the input before touching the store: run the action on nothing but its arguments first.
      validate(ctx, in);
    } catch (ApiError e) {
      ctx.fail(e.status, e);
      return;
    } catch (IllegalArgumentException e) {
      ctx.fail(400, e);
      return;
    }
    String department = departmentOf(ctx);
    String number = ctx.pathParam("number");
    respond(ctx, desk.act(number, a -> {
      if (!department.equals(a.department())) throw new NoSuchAppeal(number);
      return action.apply(a, in);
    }));
  }

  /** The fields each action needs, checked before the appeal is read. */
  private static void validate(RoutingContext ctx, JsonObject in) {
    String path = ctx.request().path();
    if (path.endsWith("/notes")) required(in, "note");
    else if (path.endsWith("/resolve")) required(in, "reply");
    else optional(in, "note");
  }

  // ---- admin routes

  private void createKey(RoutingContext ctx) {
    String department = ctx.pathParam("department");
    KnowledgeBase kb;
    try {
      kb = desk.knowledgeBase();
    } catch (IllegalStateException loading) {
      ctx.fail(503, loading);
      return;
    }
    if (!kb.departments().containsKey(department)) {
      ctx.fail(404, new ApiError(404, "unknown department '" + department + "' (see departments.yaml)"));
      return;
    }
    keys.create(department).onFailure(ctx::fail).onSuccess(created -> ctx.response().setStatusCode(201)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(new JsonObject().put("department", department).put("keyId", created.key().id())
            .put("apiKey", created.apiKey()).put("createdAt", created.key().createdAt().toString()).encode()));
  }

  private void revokeKey(RoutingContext ctx) {
    keys.revoke(ctx.pathParam("department"), ctx.pathParam("keyId")).onFailure(ctx::fail).onSuccess(found -> {
      if (found) ctx.response().setStatusCode(204).end();
      else ctx.fail(404, new ApiError(404, "no such key for this department"));
    });
  }

  private void listForAdmin(RoutingContext ctx) {
    AppealQuery query;
    try {
      boolean triage = "true".equalsIgnoreCase(ctx.request().getParam("triage"));
      String department = ctx.request().getParam("department");
      query = new AppealQuery(null, department == null || department.isBlank() ? null : department, triage, statuses(ctx),
          null, null, null, limit(ctx));
    } catch (IllegalArgumentException e) {
      ctx.fail(400, e);
      return;
    }
    list(ctx, query);
  }

  private void adminAction(RoutingContext ctx, Function<JsonObject, Function<Appeal, Change>> prepare) {
    Function<Appeal, Change> action;
    try {
      action = prepare.apply(body(ctx));
    } catch (ApiError e) {
      ctx.fail(e.status, e);
      return;
    } catch (IllegalStateException e) {
      ctx.fail(503, e);
      return;
    } catch (IllegalArgumentException e) {
      ctx.fail(400, e);
      return;
    }
    respond(ctx, desk.act(ctx.pathParam("number"), action));
  }

  // ---- shared

  private void list(RoutingContext ctx, AppealQuery query) {
    desk.store().search(query).compose(found -> {
      List<Future<java.util.Optional<AppealFact>>> facts = found.stream().map(a -> desk.store().fact(a.number())).toList();
      return Future.all(facts).compose(done -> {
        java.util.Map<String, Future<List<String>>> groups = new java.util.HashMap<>();
        for (Future<java.util.Optional<AppealFact>> f : facts) {
          f.result().map(AppealFact::cluster).ifPresent(c -> groups.computeIfAbsent(c, desk.store()::cluster));
        }
        return Future.all(new java.util.ArrayList<>(groups.values())).map(all -> {
          KnowledgeBase kb = desk.knowledgeBase();
          JsonArray list = new JsonArray();
          for (int i = 0; i < found.size(); i++) {
            JsonObject json = toJson(found.get(i), kb);
            AppealFact fact = facts.get(i).result().orElse(null);
            similar(json, fact, fact == null || fact.cluster() == null ? List.of() : groups.get(fact.cluster()).result(), false);
            list.add(json);
          }
          return new JsonObject().put("appeals", list).put("count", list.size());
        });
      });
    }).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx, String department) {
    String number = ctx.pathParam("number");
    desk.store().find(number).compose(found -> {
      if (found.isEmpty() || (department != null && !department.equals(found.get().department()))) {
        return Future.failedFuture(new NoSuchAppeal(number));
      }
      return desk.store().trail(number).compose(trail -> desk.store().fact(number).compose(fact -> {
        String cluster = fact.map(AppealFact::cluster).orElse(null);
        Future<List<String>> group = cluster == null ? Future.succeededFuture(List.of()) : desk.store().cluster(cluster);
        return group.map(members -> {
          JsonObject json = toJson(found.get(), desk.knowledgeBase()).put("trail", trail(trail));
          similar(json, fact.orElse(null), members, true);
          fact.ifPresent(f -> json.put("solved", f.solved()).put("satisfaction", f.satisfaction()));
          return json;
        });
      }));
    }).onSuccess(ctx::json).onFailure(e -> fail(ctx, e));
  }

  /**
   * Adds {@code "similar": {"group", "count", "others"?}}: the group of similar appeals it belongs to ("N
   * people reported the same"), {@code count} 1 when it is alone; {@code others} lists the other numbers.
   */
  private static void similar(JsonObject json, AppealFact fact, List<String> members, boolean withOthers) {
    String number = json.getString("number");
    JsonObject similar = new JsonObject().put("group", fact == null ? null : fact.cluster())
        .put("count", Math.max(1, members.size()));
    if (withOthers) similar.put("others", new JsonArray(members.stream().filter(n -> !n.equals(number)).toList()));
    json.put("similar", similar);
  }

  private void respond(RoutingContext ctx, Future<Appeal> changed) {
    changed.onSuccess(a -> ctx.json(toJson(a, desk.knowledgeBase()))).onFailure(e -> fail(ctx, e));
  }

  private static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof NoSuchAppeal) ctx.fail(404, e);
    else if (e instanceof ForbiddenTransition || e instanceof StaleAppeal) ctx.fail(409, e);
    else if (e instanceof ApiError api) ctx.fail(api.status, e);
    else if (e instanceof IllegalArgumentException) ctx.fail(400, e);
    else ctx.fail(e);
  }

  /** The request's JSON object; an empty body is an empty object. */
  private static JsonObject body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() <= 0) return new JsonObject();
    if (!WebChatMapping.isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      throw new ApiError(415, "Content-Type must be application/json");
    }
    try {
      return WebChatMapping.parseObject(ctx.body().buffer());
    } catch (WebChatMapping.InvalidRequest e) {
      throw new ApiError(400, e.getMessage());
    }
  }

  private static String required(JsonObject in, String field) {
    String value = optional(in, field);
    if (value == null) throw new IllegalArgumentException(field + " is required");
    return value;
  }

  private static String optional(JsonObject in, String field) {
    Object value = in.getValue(field);
    if (value == null) return null;
    if (!(value instanceof String s)) throw new IllegalArgumentException(field + " must be a string");
    if (s.codePointCount(0, s.length()) > AuditEntry.MAX_NOTE) {
      throw new IllegalArgumentException(field + " must be at most " + AuditEntry.MAX_NOTE + " characters");
    }
    return s.isBlank() ? null : s.strip();
  }

  private static Set<AppealStatus> statuses(RoutingContext ctx) {
    String param = ctx.request().getParam("status");
    if (param == null || param.isBlank()) return Set.of();
    Set<AppealStatus> result = EnumSet.noneOf(AppealStatus.class);
    for (String s : param.split(",")) result.add(AppealStatus.fromWire(s.strip()));
    return result;
  }

  private static int limit(RoutingContext ctx) {
    String param = ctx.request().getParam("limit");
    if (param == null) return DEFAULT_LIMIT;
    try {
      int limit = Integer.parseInt(param);
      if (limit < 1 || limit > AppealQuery.MAX_LIMIT) throw new NumberFormatException();
      return limit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("limit must be a whole number from 1 to " + AppealQuery.MAX_LIMIT);
    }
  }

  /** An appeal for staff: everything a department needs, nothing about who the citizen is on which channel. */
  static JsonObject toJson(Appeal a, KnowledgeBase kb) {
    return new JsonObject()
        .put("number", a.number())
        .put("status", a.status().wire())
        .put("category", a.category())
        .put("categoryName", a.category() == null ? null : AppealDesk.categoryName(kb, a.category(), "en"))
        .put("confidence", Math.round(a.confidence() * 1000) / 1000.0)
        .put("department", a.department())
        .put("district", a.district())
        .put("address", a.address())
        .put("what", a.what())
        .put("when", a.when())
        .put("phone", a.phone())
        .put("language", a.language())
        .put("resolution", a.resolution())
        .put("createdAt", a.createdAt().toString())
        .put("updatedAt", a.updatedAt().toString());
  }

  private static JsonArray trail(List<AuditEntry> trail) {
    JsonArray list = new JsonArray();
    for (AuditEntry e : trail) {
      list.add(new JsonObject().put("at", e.at().toString()).put("actor", e.actor())
          .put("from", e.from() == null ? null : e.from().wire()).put("to", e.to().wire()).put("note", e.note()));
    }
    return list;
  }
}
