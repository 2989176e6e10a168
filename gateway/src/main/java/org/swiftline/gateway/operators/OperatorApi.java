package org.swiftline.gateway.operators;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.bots.web.WebChatMapping;
import org.swiftline.gateway.appeals.Appeal;
import org.swiftline.gateway.appeals.AppealConversation;
import org.swiftline.gateway.appeals.AppealDesk;
import org.swiftline.gateway.appeals.AppealDraft;
import org.swiftline.gateway.appeals.Texts;
import org.swiftline.gateway.retrieval.AnswerEngine;
import org.swiftline.gateway.store.AppealQuery;
import org.swiftline.gateway.store.Conversation;
import org.swiftline.gateway.store.ConversationStore;

/**
 * The operator console's HTTP API (OPERATORS-API.md): session, accounts (admin), queue, claimed
 * conversations with agent assist, appeals and closing, the supervisor's live view, and the console's
 * WebSocket ({@link OperatorSocket}). Every route but signing in needs the session cookie
 * {@value #COOKIE}: none or an expired one gets 401, a role too low 403. Errors go to the router's failure
 * handler as {@code {"error": ...}}.
 */
public final class OperatorApi {
  public static final String COOKIE = "swiftline_session";
  private static final long MAX_BODY = 64 * 1024;
  private static final int TRANSCRIPT_LIMIT = 1000;
  private static final int MAX_MESSAGE = 4000;
  private static final int MAX_FIELD = 1000;

  private final Accounts accounts;
  private final OperatorQueue queue;
  private final Assist assist;
  private final ConversationStore conversations;
  private final AppealDesk appeals;
  private final Supplier<AnswerEngine> engines;
  private final Texts texts;
  private final OperatorSocket socket;
  private final Clock clock;

  public OperatorApi(
      Accounts accounts, OperatorQueue queue, Assist assist, ConversationStore conversations, AppealDesk appeals,
      Supplier<AnswerEngine> engines, Texts texts, OperatorSocket socket, Clock clock) {
    this.accounts = accounts;
    this.queue = queue;
    this.assist = assist;
    this.conversations = conversations;
    this.appeals = appeals;
    this.engines = engines;
    this.texts = texts;
    this.socket = socket;
    this.clock = clock;
  }

  public void mount(Router router) {
    // The WebSocket first: an upgrade request must not go through the body handler.
    router.get("/api/v1/operators/ws").handler(ctx -> socket.upgrade(ctx, token(ctx)));
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    router.post("/api/v1/operators/session").handler(body).handler(this::signIn);
    router.route("/api/v1/operators/*").handler(body).handler(this::authenticate);
    router.route("/api/v1/supervisor/*").handler(body).handler(this::authenticate);

    router.get("/api/v1/operators/me").handler(ctx -> me(ctx, caller(ctx)));
    router.delete("/api/v1/operators/session").handler(this::signOut);
    router.put("/api/v1/operators/me/duty").handler(this::duty);

    router.get("/api/v1/operators/accounts").handler(role(Role.ADMIN)).handler(this::listAccounts);
    router.post("/api/v1/operators/accounts").handler(role(Role.ADMIN)).handler(this::createAccount);
    router.patch("/api/v1/operators/accounts/:name").handler(role(Role.ADMIN)).handler(this::changeAccount);
    router.get("/api/v1/operators/audit").handler(role(Role.ADMIN)).handler(this::audit);

    router.get("/api/v1/operators/queue").handler(ctx -> reply(ctx, queue.queue(caller(ctx))));
    String conversation = "/api/v1/operators/conversations/:id";
    router.post(conversation + "/claim").handler(ctx -> reply(ctx,
        queue.claim(caller(ctx), id(ctx)).compose(e -> view(caller(ctx), e))));
    router.post(conversation + "/release").handler(ctx -> reply(ctx,
        queue.release(caller(ctx), id(ctx)).map(e -> queue.toJson(e, clock.instant()))));
    router.post(conversation + "/transfer").handler(this::transfer);
    router.get(conversation).handler(ctx -> reply(ctx, queue.find(caller(ctx), id(ctx)).compose(e -> view(caller(ctx), e))));
    router.post(conversation + "/messages").handler(this::message);
    router.get(conversation + "/assist").handler(this::assist);
    router.get(conversation + "/appeal-draft").handler(this::appealDraft);
    router.post(conversation + "/appeal").handler(this::fileAppeal);
    router.post(conversation + "/resolve").handler(ctx -> reply(ctx,
        queue.close(caller(ctx), id(ctx), true).map(v -> new JsonObject().put("conversationId", id(ctx)).put("status", "resolved"))));
    router.post(conversation + "/handback").handler(ctx -> reply(ctx,
        queue.close(caller(ctx), id(ctx), false).map(v -> new JsonObject().put("conversationId", id(ctx)).put("status", "bot"))));

    router.get("/api/v1/supervisor/live").handler(role(Role.SUPERVISOR)).handler(ctx -> reply(ctx, queue.live()));
  }

  // ---- session

  private void signIn(RoutingContext ctx) {
    JsonObject in;
    try {
      in = body(ctx);
    } catch (Refused e) {
      ctx.fail(e.status(), e);
      return;
    }
    Object name = in.getValue("name");
    Object password = in.getValue("password");
    if (!(name instanceof String) || !(password instanceof String)) {
      ctx.fail(400, new IllegalArgumentException("name and password are required"));
      return;
    }
    accounts.signIn((String) name, (String) password).onFailure(e -> fail(ctx, e)).onSuccess(signed -> {
      Cookie cookie = Cookie.cookie(COOKIE, signed.token()).setPath("/").setHttpOnly(true)
          .setSameSite(CookieSameSite.STRICT).setSecure(secure(ctx));
      ctx.response().addCookie(cookie);
      accounts.presence(signed.account().name()).onFailure(e -> fail(ctx, e))
          .onSuccess(p -> ctx.json(meJson(new Accounts.Caller(signed.account(), signed.session()), p)));
    });
  }

  private static boolean secure(RoutingContext ctx) {
    return ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
  }

  private static String token(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    return cookie == null ? null : cookie.getValue();
  }

  private void authenticate(RoutingContext ctx) {
    accounts.caller(token(ctx)).onFailure(ctx::fail).onSuccess(found -> {
      if (found.isEmpty()) {
        ctx.fail(401, new Refused(401, "sign in first (no session, or it expired)"));
        return;
      }
      ctx.put("caller", found.get());
      ctx.next();
    });
  }

  /**
   * A guard for routes outside this API (analytics, the model's translations): a request with a session
   * cookie must belong to a signed-in account with at least {@code needed} (401 or 403 otherwise); a
   * request without one goes to {@code otherwise} (the admin token's bearer guard, for scripts).
   */
  public io.vertx.core.Handler<RoutingContext> sessionOr(Role needed, io.vertx.core.Handler<RoutingContext> otherwise) {
    return ctx -> {
      String token = token(ctx);
      if (token == null || token.isEmpty()) {
        if (ctx.request().getHeader("Authorization") != null) {
          otherwise.handle(ctx);
        } else {
          ctx.response().putHeader("WWW-Authenticate", "Bearer");
          ctx.fail(401, new Refused(401, "sign in first, or send Authorization: Bearer <SWIFTLINE_ADMIN_TOKEN>"));
        }
        return;
      }
      accounts.caller(token).onFailure(ctx::fail).onSuccess(found -> {
        if (found.isEmpty()) {
          ctx.fail(401, new Refused(401, "sign in first (no session, or it expired)"));
        } else if (!found.get().may(needed)) {
          ctx.fail(403, new Refused(403, "this needs the " + needed.wire() + " role"));
        } else {
          ctx.put("caller", found.get());
          ctx.put(org.swiftline.gateway.http.BearerTokenGuard.ADMIN_CALLER, found.get().may(Role.ADMIN));
          ctx.next();
        }
      });
    };
  }

  private static Accounts.Caller caller(RoutingContext ctx) {
    return ctx.get("caller");
  }

  private static io.vertx.core.Handler<RoutingContext> role(Role needed) {
    return ctx -> {
      if (caller(ctx).may(needed)) ctx.next();
      else ctx.fail(403, new Refused(403, "this needs the " + needed.wire() + " role"));
    };
  }

  private void me(RoutingContext ctx, Accounts.Caller caller) {
    accounts.presence(caller.name()).onFailure(ctx::fail).onSuccess(p -> ctx.json(meJson(caller, p)));
  }

  private JsonObject meJson(Accounts.Caller caller, Presence p) {
    return new JsonObject().put("name", caller.name()).put("role", caller.account().role().wire())
        .put("languages", new JsonArray(caller.account().languages())).put("expiresAt", caller.session().expiresAt().toString())
        .put("onDuty", p.onDuty());
  }

  private void signOut(RoutingContext ctx) {
    accounts.signOut(caller(ctx)).onFailure(ctx::fail).onSuccess(v -> {
      ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
          .setSecure(secure(ctx)).setMaxAge(0));
      ctx.response().setStatusCode(204).end();
    });
  }

  private void duty(RoutingContext ctx) {
    JsonObject in;
    try {
      in = body(ctx);
      if (!(in.getValue("onDuty") instanceof Boolean)) throw new IllegalArgumentException("onDuty must be true or false");
    } catch (RuntimeException e) {
      fail(ctx, e);
      return;
    }
    Accounts.Caller caller = caller(ctx);
    accounts.duty(caller, in.getBoolean("onDuty")).onFailure(ctx::fail).onSuccess(p -> ctx.json(meJson(caller, p)));
  }

  // ---- accounts

  private void listAccounts(RoutingContext ctx) {
    reply(ctx, accounts.store().accounts().map(all -> {
      JsonArray list = new JsonArray();
      all.forEach(a -> list.add(accountJson(a)));
      return list;
    }));
  }

  private static JsonObject accountJson(Account a) {
    return new JsonObject().put("name", a.name()).put("role", a.role().wire()).put("languages", new JsonArray(a.languages()))
        .put("disabled", a.disabled());
  }

  private void createAccount(RoutingContext ctx) {
    Future<Account> created;
    try {
      JsonObject in = body(ctx);
      String name = string(in, "name", true, 64);
      String password = string(in, "password", true, Passwords.MAX_LENGTH);
      Role role = Role.fromWire(string(in, "role", true, 20));
      List<String> languages = languages(in, true);
      created = accounts.create(caller(ctx).name(), name, password, role, languages);
    } catch (RuntimeException e) {
      fail(ctx, e);
      return;
    }
    created.onFailure(e -> fail(ctx, e)).onSuccess(a -> ctx.response().setStatusCode(201)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8").end(accountJson(a).encode()));
  }

  private void changeAccount(RoutingContext ctx) {
    Future<Account> changed;
    try {
      JsonObject in = body(ctx);
      String role = string(in, "role", false, 20);
      Object disabled = in.getValue("disabled");
      if (disabled != null && !(disabled instanceof Boolean)) throw new IllegalArgumentException("disabled must be true or false");
      Accounts.Change change = new Accounts.Change(role == null ? null : Role.fromWire(role), languages(in, false),
          (Boolean) disabled, string(in, "password", false, Passwords.MAX_LENGTH));
      if (ctx.pathParam("name").equals(caller(ctx).name()) && (Boolean.TRUE.equals(disabled)
          || (change.role() != null && change.role() != Role.ADMIN))) {
        throw new Refused(409, "an admin cannot disable or demote their own account");
      }
      changed = accounts.change(caller(ctx).name(), ctx.pathParam("name"), change);
    } catch (RuntimeException e) {
      fail(ctx, e);
      return;
    }
    reply(ctx, changed.map(OperatorApi::accountJson));
  }

  private void audit(RoutingContext ctx) {
    String conversationId = ctx.request().getParam("conversationId");
    int limit;
    try {
      limit = Integer.parseInt(ctx.request().getParam("limit", "100"));
      if (limit < 1 || limit > 1000) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      ctx.fail(400, new IllegalArgumentException("limit must be a whole number from 1 to 1000"));
      return;
    }
    reply(ctx, accounts.store().audits(conversationId, limit).map(lines -> {
      JsonArray list = new JsonArray();
      lines.forEach(a -> list.add(new JsonObject().put("at", a.at().toString()).put("actor", a.actor()).put("action", a.action())
          .put("conversationId", a.conversationId()).put("detail", a.detail())));
      return list;
    }));
  }

  // ---- conversations

  private static String id(RoutingContext ctx) {
    return ctx.pathParam("id");
  }

  /** The conversation as the console shows it: the escalation, the whole transcript and the person's appeals. */
  private Future<JsonObject> view(Accounts.Caller caller, Escalation e) {
    Future<List<TranscriptEntry>> transcript = conversations.transcript(e.conversationId(), 0, TRANSCRIPT_LIMIT);
    Future<List<Appeal>> earlier = appeals.store().search(AppealQuery.ofCitizen(e.person(), 20));
    Future<java.util.Map<Long, String>> articles = conversations.articles(e.conversationId());
    return Future.all(transcript, earlier, articles).map(done -> {
      JsonArray entries = new JsonArray();
      for (TranscriptEntry t : transcript.result()) {
        JsonObject json = WebChatMapping.toJson(t);
        String articleId = articles.result().get(t.seq());
        if (articleId != null) json.put("articleId", articleId);
        entries.add(json);
      }
      JsonArray appealList = new JsonArray();
      for (Appeal a : earlier.result()) {
        appealList.add(new JsonObject().put("number", a.number()).put("status", a.status().wire()).put("category", a.category())
            .put("filedAt", a.createdAt().toString()).put("conversationId", a.conversationId()));
      }
      return queue.toJson(e, clock.instant()).put("userId", e.person().userId()).put("transcript", entries)
          .put("appeals", appealList);
    });
  }

  private void transfer(RoutingContext ctx) {
    String to;
    String language;
    try {
      JsonObject in = body(ctx);
      to = string(in, "to", false, 64);
      String tag = string(in, "language", false, 35);
      if ((to == null) == (tag == null)) throw new IllegalArgumentException("give either \"to\" (an operator) or \"language\"");
      language = tag == null ? null : Account.validLanguages(List.of(tag)).get(0);
    } catch (RuntimeException e) {
      fail(ctx, e);
      return;
    }
    reply(ctx, queue.transfer(caller(ctx), id(ctx), to, language).map(e -> queue.toJson(e, clock.instant())));
  }

  private void message(RoutingContext ctx) {
    String text;
    try {
      text = string(body(ctx), "text", true, MAX_MESSAGE);
    } catch (RuntimeException e) {
      fail(ctx, e);
      return;
    }
    Accounts.Caller caller = caller(ctx);
    queue.held(caller, id(ctx))
        .compose(e -> queue.say(e.conversationId(), "operator", text))
        .compose(entries -> accounts.audit(caller.name(), "conversation.message", id(ctx), text.length() + " characters")
            .map(v -> entries.get(0)))
        .onFailure(e -> fail(ctx, e))
        .onSuccess(entry -> ctx.response().setStatusCode(201).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
            .end(WebChatMapping.toJson(entry).encode()));
  }

  private void assist(RoutingContext ctx) {
    Accounts.Caller caller = caller(ctx);
    reply(ctx, queue.find(caller, id(ctx)).compose(e -> conversations.transcript(e.conversationId(), 0, TRANSCRIPT_LIMIT)
        .compose(entries -> {
          String latest = null;
          for (TranscriptEntry t : entries) if (t.author().equals("user")) latest = t.text();
          return assist.suggest(latest, e.language(), caller.account().languages());
        })));
  }

  private void appealDraft(RoutingContext ctx) {
    reply(ctx, queue.find(caller(ctx), id(ctx)).compose(e -> conversations.find(e.conversationId())).map(found -> {
      JsonObject saved = found.map(c -> c.state().getJsonObject(AppealConversation.STATE)).orElse(null);
      JsonObject draft = new JsonObject().putNull("what").putNull("where").putNull("district").putNull("when").putNull("phone");
      if (saved != null) {
        AppealDraft d = AppealDraft.fromJson(saved);
        draft.put("what", d.what()).put("where", d.address()).put("district", d.district()).put("when", d.when())
            .put("phone", Boolean.FALSE.equals(d.consent()) ? null : d.phone());
      }
      return draft;
    }));
  }

  private void fileAppeal(RoutingContext ctx) {
    AppealDraft draft;
    try {
      JsonObject in = body(ctx);
      String what = string(in, "what", true, MAX_FIELD);
      String where = string(in, "where", false, MAX_FIELD);
      String district = string(in, "district", false, 64);
      String when = string(in, "when", false, MAX_FIELD);
      String phone = string(in, "phone", false, 40);
      if (phone != null && !phone.matches("[+0-9 ()-]{5,40}")) throw new IllegalArgumentException("phone must be a phone number");
      draft = new AppealDraft("operator:" + UUID.randomUUID(), AppealDraft.Step.CONFIRM, false, what, district, where, when,
          phone, phone != null, "");
    } catch (RuntimeException e) {
      fail(ctx, e);
      return;
    }
    AnswerEngine engine = engines.get();
    if (engine == null) {
      ctx.fail(503, new IllegalStateException("the knowledge base is still loading"));
      return;
    }
    Accounts.Caller caller = caller(ctx);
    queue.held(caller, id(ctx))
        .compose(e -> appeals.file(draft, e.person(), e.conversationId(), e.language() == null ? "en" : e.language(), engine, null,
            "operator:" + caller.name()).compose(appeal -> tellFiled(e, appeal, engine).map(v -> appeal)))
        .compose(appeal -> accounts.audit(caller.name(), "appeal.file", id(ctx), appeal.number()).map(v -> appeal))
        .onFailure(e -> fail(ctx, e))
        .onSuccess(appeal -> ctx.response().setStatusCode(201).putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
            .end(new JsonObject().put("number", appeal.number()).put("status", appeal.status().wire())
                .put("department", appeal.department()).encode()));
  }

  /** Tells the person the appeal's number, as the bot does when it files one; best effort. */
  private Future<Void> tellFiled(Escalation e, Appeal a, AnswerEngine engine) {
    String language = e.language() == null ? "en" : e.language();
    String text = a.department() == null ? texts.text(language, "appeal.filed.triage", a.number())
        : texts.text(language, "appeal.filed", a.number(), AppealDesk.departmentName(engine.knowledgeBase(), a.department(), language));
    return queue.say(e.conversationId(), "system", text).<Void>mapEmpty().recover(err -> Future.succeededFuture());
  }

  // ---- shared

  private static void reply(RoutingContext ctx, Future<?> result) {
    result.onFailure(e -> fail(ctx, e)).onSuccess(value -> {
      if (value instanceof JsonArray a) ctx.json(a);
      else ctx.json(value);
    });
  }

  private static void fail(RoutingContext ctx, Throwable e) {
    if (e instanceof Refused r) ctx.fail(r.status(), r);
    else if (e instanceof IllegalArgumentException) ctx.fail(400, e);
    else if (e instanceof org.swiftline.bots.RejectedMessage rejected) ctx.fail(rejected.httpStatus(), rejected);
    else ctx.fail(e);
  }

  /** The request's JSON object; an empty body is an empty object. */
  private static JsonObject body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() <= 0) return new JsonObject();
    if (!WebChatMapping.isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      throw new Refused(415, "Content-Type must be application/json");
    }
    try {
      return WebChatMapping.parseObject(ctx.body().buffer());
    } catch (WebChatMapping.InvalidRequest e) {
      throw new Refused(400, e.getMessage());
    }
  }

  private static String string(JsonObject in, String field, boolean required, int max) {
    Object value = in.getValue(field);
    if (value == null || (value instanceof String s && s.isBlank())) {
      if (required) throw new IllegalArgumentException(field + " is required");
      return null;
    }
    if (!(value instanceof String s)) throw new IllegalArgumentException(field + " must be a string");
    if (s.codePointCount(0, s.length()) > max) throw new IllegalArgumentException(field + " must be at most " + max + " characters");
    return field.equals("password") ? s : s.strip();
  }

  private static List<String> languages(JsonObject in, boolean required) {
    Object value = in.getValue("languages");
    if (value == null) {
      if (required) throw new IllegalArgumentException("languages is required, e.g. [\"en\", \"zh\"]");
      return null;
    }
    if (!(value instanceof JsonArray array)) throw new IllegalArgumentException("languages must be a list such as [\"en\", \"zh\"]");
    List<String> result = new ArrayList<>();
    for (Object o : array) {
      if (!(o instanceof String s)) throw new IllegalArgumentException("languages must be a list of strings");
      result.add(s);
    }
    return Account.validLanguages(result);
  }
}
