package org.swiftline.bots.wechat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.swiftline.bots.ChannelState;

/**
 * WeChat's server API as the channel uses it: the access token, fetched from {@code /cgi-bin/token}, kept
 * in memory and in {@link ChannelState} (so that gateways sharing a store share one token instead of
 * invalidating each other's), refreshed five minutes before it expires and when WeChat says it is invalid
 * or expired ({@code 40001}, {@code 40014}, {@code 42001}), one fetch at a time; and customer-service text
 * messages ({@code /cgi-bin/message/custom/send}).
 *
 * <p>WeChat docs: <a href="https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html">access
 * token</a>, <a href="https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html">customer-service
 * messages</a>, <a href="https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html">return codes</a>.
 *
 * <p>Sending: {@code -1} (system busy), no connection or a 5xx is retried with doubling pauses; a message
 * WeChat may have taken (the answer timed out, or was not JSON) is not retried, so nobody gets it twice;
 * {@code 45015} (the person has not written for 48 hours), {@code 45047} (too many messages since the
 * person last wrote), {@code 43004} (no longer a follower) and other refusals drop it with a log line.
 */
final class WechatApi {
  private static final System.Logger LOG = System.getLogger("swiftline.wechat");
  static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
  private static final int TOKEN_ATTEMPTS = 3;

  /** WeChat answered with an error code. */
  static final class ApiError extends RuntimeException {
    final int errcode;

    ApiError(int errcode, String errmsg) {
      super("errcode " + errcode + (errmsg == null ? "" : " " + errmsg), null, false, false);
      this.errcode = errcode;
    }
  }

  /** A message that was not delivered and will not be retried. */
  static final class Undeliverable extends RuntimeException {
    Undeliverable(String message) {
      super(message, null, false, false);
    }
  }

  private record Token(String value, Instant expiresAt) {}

  private final Vertx vertx;
  private final WechatOptions options;
  private final ChannelState state;
  private final Clock clock;
  private final WebClient client;
  private Token token;
  private Future<Token> fetching;
  private volatile boolean closed;

  WechatApi(Vertx vertx, WechatOptions options, ChannelState state, Clock clock) {
    this.vertx = vertx;
    this.options = options;
    this.state = state;
    this.clock = clock;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) Math.min(options.apiTimeout().toMillis(), 10_000))
        .setIdleTimeout(60)
        .setUserAgent("swiftline-wechat"));
  }

  private String tokenKey() {
    return "wechat:" + options.appId() + ":access_token";
  }

  /** Succeeds with a valid access token (cached, or fetched); fails with {@link ApiError} when WeChat refuses. */
  synchronized Future<String> accessToken() {
    Token t = token;
    if (t != null && clock.instant().isBefore(t.expiresAt().minus(REFRESH_MARGIN))) return Future.succeededFuture(t.value());
    return refresh(null);
  }

  /**
   * Fetches a new token unless one other than {@code rejected} is already at hand; one fetch at a time.
   *
   * @return a future that succeeds with the token, or fails with {@link ApiError} or the connection's error
   */
  synchronized Future<String> refresh(String rejected) {
    Token t = token;
    if (t != null && !t.value().equals(rejected) && clock.instant().isBefore(t.expiresAt().minus(REFRESH_MARGIN))) {
      return Future.succeededFuture(t.value());
    }
    if (fetching == null) {
      Future<Token> f = shared(rejected).compose(found -> found.isPresent() ? Future.succeededFuture(found.get()) : fetch(1));
      fetching = f;
      f.onComplete(ar -> {
        synchronized (this) {
          if (ar.succeeded()) token = ar.result();
          fetching = null;
        }
      });
    }
    return fetching.map(Token::value);
  }

  /** The token another gateway on the same store fetched, when it is fresh and not the one rejected. */
  private Future<Optional<Token>> shared(String rejected) {
    return state.get(tokenKey()).map(stored -> {
      if (stored.isEmpty()) return Optional.<Token>empty();
      JsonObject o = new JsonObject(stored.get());
      Token t = new Token(o.getString("token"), Instant.ofEpochSecond(o.getLong("expiresAt", 0L)));
      boolean fresh = t.value() != null && !t.value().equals(rejected) && clock.instant().isBefore(t.expiresAt().minus(REFRESH_MARGIN));
      return fresh ? Optional.of(t) : Optional.<Token>empty();
    }).recover(e -> Future.succeededFuture(Optional.empty()));
  }

  private Future<Token> fetch(int attempt) {
    if (closed) return Future.failedFuture(new IllegalStateException("the WeChat channel is stopped"));
    return client.getAbs(options.apiUrl().resolve("/cgi-bin/token").toString())
        .addQueryParam("grant_type", "client_credential")
        .addQueryParam("appid", options.appId())
        .addQueryParam("secret", options.appSecret())
        .timeout(options.apiTimeout().toMillis())
        .send()
        .compose(WechatApi::json)
        .compose(body -> {
          String value = body.getString("access_token");
          if (value == null || value.isBlank()) return Future.failedFuture(error(body));
          long expiresIn = Math.max(60, body.getLong("expires_in", 7200L));
          Token fetched = new Token(value, clock.instant().plusSeconds(expiresIn));
          LOG.log(System.Logger.Level.INFO, "wechat.token.fetched expiresIn={0}", String.valueOf(expiresIn));
          JsonObject stored = new JsonObject().put("token", value).put("expiresAt", fetched.expiresAt().getEpochSecond());
          return state.put(tokenKey(), stored.encode(), Duration.ofSeconds(expiresIn))
              .recover(e -> Future.succeededFuture())
              .map(fetched);
        })
        .recover(e -> {
          // fetching a token changes nothing WeChat shows anyone: every failure but a refusal is retried
          boolean refused = e instanceof ApiError a && a.errcode != -1;
          if (refused || attempt >= TOKEN_ATTEMPTS || closed) {
            LOG.log(System.Logger.Level.WARNING, "wechat.token.failed reason={0} attempts={1}", reason(e), String.valueOf(attempt));
            return Future.failedFuture(e);
          }
          long pause = options.firstBackoff().toMillis() << (attempt - 1);
          LOG.log(System.Logger.Level.INFO, "wechat.token.retry reason={0} attempt={1}", reason(e), String.valueOf(attempt));
          return after(pause).compose(v -> fetch(attempt + 1));
        });
  }

  /**
   * Sends one text message through the customer-service API.
   *
   * @return a future that succeeds once WeChat took it, and fails with {@link Undeliverable} when it was
   *     dropped (logged here)
   */
  Future<Void> sendText(String openId, String text) {
    Buffer body = WechatMapping.customText(openId, text).toBuffer();
    return send(body, 1, 0);
  }

  private Future<Void> send(Buffer body, int attempt, int refreshes) {
    if (closed) return Future.failedFuture(new Undeliverable("the WeChat channel is stopped"));
    return accessToken().transform(tokenResult -> {
      if (tokenResult.failed()) return retryOrDrop(body, attempt, refreshes, tokenResult.cause(), true);
      String used = tokenResult.result();
      return client.postAbs(options.apiUrl().resolve("/cgi-bin/message/custom/send").toString())
          .addQueryParam("access_token", used)
          .putHeader("Content-Type", "application/json; charset=utf-8")
          .timeout(options.apiTimeout().toMillis())
          .sendBuffer(body)
          .transform(ar -> {
            if (ar.failed()) return retryOrDrop(body, attempt, refreshes, ar.cause(), !ambiguous(ar.cause()));
            HttpResponse<Buffer> response = ar.result();
            if (response.statusCode() >= 500) {
              return retryOrDrop(body, attempt, refreshes, new IllegalStateException("status " + response.statusCode()), true);
            }
            JsonObject answer;
            try {
              answer = response.bodyAsJsonObject();
              if (answer == null) throw new DecodeException("empty");
            } catch (RuntimeException e) {
              // WeChat answered something, but not its JSON: the message may have gone out
              return drop("wechat.send.unknown", "status " + response.statusCode() + " without JSON", attempt);
            }
            int errcode = answer.getInteger("errcode", 0);
            return switch (errcode) {
              case 0 -> Future.<Void>succeededFuture();
              case 40001, 40014, 42001 -> {
                if (refreshes >= 2) yield drop("wechat.send.dropped", "errcode " + errcode, attempt);
                LOG.log(System.Logger.Level.INFO, "wechat.token.rejected errcode={0}", String.valueOf(errcode));
                yield refresh(used).transform(r -> send(body, attempt, refreshes + 1));
              }
              case -1 -> retryOrDrop(body, attempt, refreshes, error(answer), true);
              case 45015 -> drop("wechat.send.out_of_window", "errcode 45015", attempt);
              case 45047 -> drop("wechat.send.quota", "errcode 45047", attempt);
              case 43004, 40003 -> drop("wechat.send.not_follower", "errcode " + errcode, attempt);
              default -> drop("wechat.send.dropped", "errcode " + errcode, attempt);
            };
          });
    });
  }

  private Future<Void> retryOrDrop(Buffer body, int attempt, int refreshes, Throwable cause, boolean retriable) {
    if (!retriable) return drop("wechat.send.unknown", reason(cause) + " (not retried: it may have arrived)", attempt);
    if (cause instanceof ApiError a && a.errcode != -1) return drop("wechat.send.dropped", reason(cause), attempt);
    if (attempt >= options.maxAttempts() || closed) return drop("wechat.send.dropped", reason(cause), attempt);
    long pause = Math.min(options.firstBackoff().toMillis() << Math.min(attempt - 1, 16), 60_000);
    LOG.log(System.Logger.Level.INFO, "wechat.send.retry reason={0} attempt={1} pauseMs={2}", reason(cause),
        String.valueOf(attempt), String.valueOf(pause));
    return after(pause).compose(v -> send(body, attempt + 1, refreshes));
  }

  private static Future<Void> drop(String event, String reason, int attempts) {
    LOG.log(System.Logger.Level.WARNING, "{0} reason={1} attempts={2}", event, reason, String.valueOf(attempts));
    return Future.failedFuture(new Undeliverable(event + ": " + reason));
  }

  /** Whether the request may have reached WeChat before it failed (so that sending again could duplicate it). */
  private static boolean ambiguous(Throwable e) {
    if (e instanceof ConnectException || e instanceof io.netty.channel.ConnectTimeoutException) return false;
    return e instanceof TimeoutException || e instanceof io.vertx.core.http.HttpClosedException
        || e.getClass().getSimpleName().contains("Timeout");
  }

  private static Future<JsonObject> json(HttpResponse<Buffer> response) {
    if (response.statusCode() >= 500) return Future.failedFuture(new IllegalStateException("status " + response.statusCode()));
    try {
      JsonObject body = response.bodyAsJsonObject();
      if (body == null) throw new DecodeException("empty body");
      return Future.succeededFuture(body);
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalStateException("status " + response.statusCode() + " without JSON"));
    }
  }

  private static ApiError error(JsonObject body) {
    Object code = body.getValue("errcode");
    int errcode = code instanceof Number n ? n.intValue() : -2;
    String errmsg = body.getValue("errmsg") instanceof String s ? s.replaceAll("rid: .*", "").strip() : null;
    return new ApiError(errcode, errmsg);
  }

  private Future<Void> after(long millis) {
    if (millis <= 0) return Future.succeededFuture();
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(millis, id -> promise.complete());
    return promise.future();
  }

  static String reason(Throwable e) {
    if (e instanceof ApiError || e instanceof Undeliverable) return e.getMessage();
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message = root.getMessage() == null ? "" : ": " + root.getMessage();
    // a client's timeout message names the request URI, whose query holds the secret or the access token
    return root.getClass().getSimpleName() + message.replaceAll("(secret|access_token|appid)=[^&\\s]*", "$1=***");
  }

  void close() {
    closed = true;
    client.close();
  }
}
