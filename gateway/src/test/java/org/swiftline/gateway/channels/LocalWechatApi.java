package org.swiftline.gateway.channels;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * WeChat's server API on 127.0.0.1 for tests, speaking its real wire format: {@code GET /cgi-bin/token}
 * answers {@code {"access_token", "expires_in": 7200}} for the right AppID and AppSecret, else
 * {@code {"errcode": 40013 | 40125, "errmsg"}}; {@code POST /cgi-bin/message/custom/send?access_token=}
 * takes {@code {"touser", "msgtype": "text", "text": {"content"}}} and answers {@code {"errcode": 0,
 * "errmsg": "ok"}}, or {@code 40001} for a token it did not issue or revoked, {@code 47001} for a body that
 * is not JSON, {@code 44003} for empty content and {@code 45002} for content over 2048 bytes. Tests script
 * failures (error codes, a silent delay, a non-JSON answer) and read every call.
 * (https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html,
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html)
 */
public final class LocalWechatApi implements AutoCloseable {
  public static final String TOKEN = "swiftlinetest";
  public static final String APP_ID = "wx0123456789abcdef";
  public static final String APP_SECRET = "0123456789abcdef0123456789abcdef";

  /** One call: {@code token} or {@code send}, its query and JSON body, the answer given, and when. */
  public record Call(String method, Map<String, String> query, JsonObject body, int errcode, long atNanos) {
    public String text() {
      return body == null ? null : body.getJsonObject("text", new JsonObject()).getString("content");
    }

    public String to() {
      return body == null ? null : body.getString("touser");
    }
  }

  /** A scripted answer: an errcode (with its errmsg), a silent delay, or a body that is not JSON. */
  private record Script(Integer errcode, long delayMillis, String page, int status) {}

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Call> calls = new ArrayList<>();
  private final Map<String, Deque<Script>> scripts = new HashMap<>();
  private final Set<String> validTokens = new HashSet<>();
  private int issued;
  private int expiresIn = 7200;

  public LocalWechatApi() {
    Router router = Router.router(vertx);
    router.get("/cgi-bin/token").handler(ctx -> handle("token", ctx));
    router.post("/cgi-bin/message/custom/send").handler(BodyHandler.create(false)).handler(ctx -> handle("send", ctx));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  /** The base URL for {@code SWIFTLINE_WECHAT_API_URL}. */
  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The gateway settings that turn the WeChat channel on against this server. */
  public Map<String, String> settings() {
    Map<String, String> env = new HashMap<>();
    env.put("SWIFTLINE_WECHAT_TOKEN", TOKEN);
    env.put("SWIFTLINE_WECHAT_APP_ID", APP_ID);
    env.put("SWIFTLINE_WECHAT_APP_SECRET", APP_SECRET);
    env.put("SWIFTLINE_WECHAT_API_URL", url());
    return env;
  }

  /** The next call of {@code method} ({@code token} or {@code send}) answers {@code errcode}. */
  public synchronized void failNext(String method, int errcode) {
    scripts.computeIfAbsent(method, m -> new ArrayDeque<>()).add(new Script(errcode, 0, null, 200));
  }

  /** The next call of {@code method} is answered only after {@code millis} (a timeout for the caller). */
  public synchronized void delayNext(String method, long millis) {
    scripts.computeIfAbsent(method, m -> new ArrayDeque<>()).add(new Script(null, millis, null, 200));
  }

  /** The next call of {@code method} gets {@code body} with {@code status} instead of WeChat's JSON. */
  public synchronized void pageNext(String method, int status, String body) {
    scripts.computeIfAbsent(method, m -> new ArrayDeque<>()).add(new Script(null, 0, body, status));
  }

  /** Tokens issued from now on last {@code seconds} (WeChat's are 7200). */
  public synchronized void expiresIn(int seconds) {
    expiresIn = seconds;
  }

  /** Every token issued so far stops working (as when another client fetched a new one long ago). */
  public synchronized void revokeTokens() {
    validTokens.clear();
  }

  public synchronized List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  /** Customer-service messages to {@code openId} that WeChat took, in order. */
  public synchronized List<Call> delivered(String openId) {
    return calls.stream().filter(c -> c.method().equals("send") && openId.equals(c.to()) && c.errcode() == 0).toList();
  }

  /** Every send call for {@code openId}, taken or not. */
  public synchronized List<Call> attempts(String openId) {
    return calls.stream().filter(c -> c.method().equals("send") && openId.equals(c.to())).toList();
  }

  /** Waits until {@code count} calls match; returns them. */
  public List<Call> await(Predicate<Call> which, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Call> found;
      synchronized (this) {
        found = calls.stream().filter(which).toList();
      }
      if (found.size() >= count) return found;
      if (System.nanoTime() > deadline) throw new AssertionError("expected " + count + " calls, got " + found);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Waits for {@code count} messages WeChat took for {@code openId}. */
  public List<Call> awaitDelivered(String openId, int count) {
    return await(c -> c.method().equals("send") && openId.equals(c.to()) && c.errcode() == 0, count, Duration.ofSeconds(30));
  }

  private void handle(String method, RoutingContext ctx) {
    Map<String, String> query = new HashMap<>();
    ctx.queryParams().forEach(query::put);
    JsonObject body = null;
    int errcode;
    JsonObject answer;
    Script script;
    synchronized (this) {
      Deque<Script> queue = scripts.get(method);
      script = queue == null ? null : queue.poll();
      if ("send".equals(method)) {
        try {
          body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
          body = null;
        }
      }
      if (script != null && script.errcode() != null) {
        errcode = script.errcode();
        answer = error(errcode);
      } else if ("token".equals(method)) {
        if (!APP_ID.equals(query.get("appid"))) {
          errcode = 40013;
        } else if (!APP_SECRET.equals(query.get("secret")) || !"client_credential".equals(query.get("grant_type"))) {
          errcode = 40125;
        } else {
          errcode = 0;
        }
        if (errcode == 0) {
          String token = "ACCESS_TOKEN_" + (++issued) + "_" + Long.toHexString(System.nanoTime());
          validTokens.add(token);
          answer = new JsonObject().put("access_token", token).put("expires_in", expiresIn);
        } else {
          answer = error(errcode);
        }
      } else {
        String content = body == null ? null : body.getJsonObject("text", new JsonObject()).getString("content");
        if (!validTokens.contains(query.get("access_token"))) errcode = 40001;
        else if (body == null || !"text".equals(body.getString("msgtype")) || body.getString("touser") == null) errcode = 47001;
        else if (content == null || content.isEmpty()) errcode = 44003;
        else if (content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 2048) errcode = 45002;
        else errcode = 0;
        answer = error(errcode);
      }
      if (script != null && (script.delayMillis() > 0 || script.page() != null)) errcode = -100; // not a WeChat answer
      calls.add(new Call(method, query, body, errcode, System.nanoTime()));
    }
    if (script != null && script.page() != null) {
      ctx.response().setStatusCode(script.status()).putHeader("Content-Type", "text/html").end(script.page());
    } else if (script != null && script.delayMillis() > 0) {
      vertx.setTimer(script.delayMillis(), id -> {
        if (!ctx.response().closed()) ctx.response().putHeader("Content-Type", "application/json").end(answer.encode());
      });
    } else {
      ctx.response().putHeader("Content-Type", "application/json; encoding=utf-8").end(answer.encode());
    }
  }

  private static JsonObject error(int errcode) {
    String errmsg = switch (errcode) {
      case 0 -> "ok";
      case -1 -> "system error rid: 6566a2f4-2b6a5b5e-0b1c2d3e";
      case 40001 -> "invalid credential, access_token is invalid or not latest rid: 6566a2f4-2b6a5b5e-0b1c2d3f";
      case 40013 -> "invalid appid rid: 6566a2f4-2b6a5b5e-0b1c2d40";
      case 40125 -> "invalid appsecret rid: 6566a2f4-2b6a5b5e-0b1c2d41";
      case 42001 -> "access_token expired rid: 6566a2f4-2b6a5b5e-0b1c2d42";
      case 44003 -> "empty news data rid: 6566a2f4-2b6a5b5e-0b1c2d43";
      case 45002 -> "content size out of limit rid: 6566a2f4-2b6a5b5e-0b1c2d44";
      case 45015 -> "response out of time limit or subscription is canceled rid: 6566a2f4-2b6a5b5e-0b1c2d45";
      case 47001 -> "data format error rid: 6566a2f4-2b6a5b5e-0b1c2d46";
      default -> "error rid: 6566a2f4-2b6a5b5e-0b1c2d47";
    };
    return new JsonObject().put("errcode", errcode).put("errmsg", errmsg);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
