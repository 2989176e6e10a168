package org.swiftline.bots.webhook;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.Optional;
import org.swiftline.bots.ChannelAdapter;
import org.swiftline.bots.ChannelState;
import org.swiftline.bots.ConversationHandler;
import org.swiftline.bots.InboundMessage;
import org.swiftline.bots.KeyedQueue;
import org.swiftline.bots.Outbound;
import org.swiftline.bots.RejectedMessage;
import org.swiftline.bots.Turn;
import org.swiftline.bots.web.WebChatMapping;
import org.swiftline.bots.web.WebChatMapping.InvalidRequest;
import org.swiftline.bots.webhook.WebhookMapping.Inbound;
import org.swiftline.bots.webhook.WebhookMapping.Unauthorized;

/**
 * The signed webhook channel, a generic JSON channel for SMS gateways and other apps.
 *
 * <p>{@code POST /api/v1/webhook/inbound} takes {@code {"userId", "text", "messageId", "payload"?,
 * "language"?}} signed as {@link WebhookMapping} describes, and answers the turn (the chat API's JSON plus
 * {@code messageId}). A request whose signature is missing, wrong or more than five minutes old gets 401
 * before anything is read or stored. A {@code messageId} seen before (per user, for a day) is not handled
 * again: the first answer is returned again with {@code "duplicate": true}. Each {@code userId} has one
 * conversation, and its messages are handled one at a time in order.
 *
 * <p>Outbound messages (operators' replies, notifications) are POSTed to the configured URL as
 * {@code {"userId", "conversationId", "messages": [...]}}, signed the same way (a fresh timestamp per
 * attempt) and with {@code X-Swiftline-Delivery}, the same on every retry; a connection failure, 408, 429 or
 * 5xx is retried with doubling pauses (a 429's {@code Retry-After} is obeyed), any other answer ends it.
 */
public final class WebhookAdapter implements ChannelAdapter {
  private static final System.Logger LOG = System.getLogger("swiftline.webhook");
  public static final String INBOUND_PATH = "/api/v1/webhook/inbound";
  public static final long MAX_BODY_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final WebhookOptions options;
  private final ConversationHandler handler;
  private final ChannelState state;
  private final Clock clock;
  private final KeyedQueue users = new KeyedQueue();
  private final WebClient client;
  private volatile boolean stopped;

  public WebhookAdapter(Vertx vertx, WebhookOptions options, ConversationHandler handler, ChannelState state, Clock clock) {
    this.vertx = vertx;
    this.options = options;
    this.handler = handler;
    this.state = state;
    this.clock = clock;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout(10_000)
        .setIdleTimeout(60)
        .setUserAgent("swiftline-webhook"));
  }

  @Override
  public String name() {
    return WebhookMapping.CHANNEL;
  }

  @Override
  public void mount(Router router) {
    router.post(INBOUND_PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(this::inbound);
  }

  @Override
  public Future<Void> start() {
    LOG.log(System.Logger.Level.INFO, "webhook.started outbound={0}", options.outboundUrl() == null ? "none" : "configured");
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    client.close();
    return Future.succeededFuture();
  }

  private void inbound(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    byte[] raw = body == null ? new byte[0] : body.getBytes();
    Inbound inbound;
    try {
      WebhookMapping.verify(options.secret(), ctx.request().getHeader(WebhookMapping.TIMESTAMP_HEADER),
          ctx.request().getHeader(WebhookMapping.SIGNATURE_HEADER), raw, clock.instant(), options.tolerance());
    } catch (Unauthorized e) {
      LOG.log(System.Logger.Level.WARNING, "webhook.inbound.unauthorized reason={0}", e.getMessage());
      ctx.fail(401, e);
      return;
    }
    if (!WebChatMapping.isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      ctx.fail(415, new InvalidRequest("Content-Type must be application/json"));
      return;
    }
    try {
      inbound = WebhookMapping.toInbound(WebChatMapping.parseObject(body), clock.instant());
    } catch (InvalidRequest | IllegalArgumentException e) {
      ctx.fail(400, e);
      return;
    }
    String userId = inbound.message().from().userId();
    users.submit(userId, () -> handle(inbound))
        .onSuccess(answer -> ctx.json(answer))
        .onFailure(error -> fail(ctx, error));
  }

  private Future<JsonObject> handle(Inbound inbound) {
    String userId = inbound.message().from().userId();
    String messageKey = "webhook:message:" + key(userId) + ":" + inbound.messageId();
    String userKey = "webhook:user:" + key(userId);
    return state.get(messageKey).compose(seen -> {
      if (seen.isPresent()) {
        LOG.log(System.Logger.Level.DEBUG, "webhook.inbound.duplicate");
        return Future.succeededFuture(new JsonObject(seen.get()).put("duplicate", true));
      }
      return state.get(userKey)
          .compose(conversationId -> converse(inbound.message(), conversationId))
          .compose(turn -> {
            JsonObject answer = WebhookMapping.toJson(inbound.messageId(), turn);
            return state.put(userKey, turn.conversationId())
                .compose(v -> state.put(messageKey, answer.encode(), options.dedupeWindow()))
                .map(answer);
          });
    });
  }

  private Future<Turn> converse(InboundMessage m, Optional<String> conversationId) {
    InboundMessage message = new InboundMessage(m.from(), conversationId.orElse(null), m.text(), m.payload(),
        m.languageHint(), m.receivedAt());
    return handler.handle(message).recover(e -> {
      boolean gone = e instanceof RejectedMessage r && r.reason() == RejectedMessage.Reason.NOT_FOUND;
      if (!gone || conversationId.isEmpty()) return Future.failedFuture(e);
      return handler.handle(new InboundMessage(m.from(), null, m.text(), m.payload(), m.languageHint(), m.receivedAt()));
    });
  }

  /**
   * POSTs the messages to the outbound URL, retrying as the class describes.
   *
   * @return a future that succeeds once the receiver answered 2xx (or at once when no outbound URL is
   *     configured: the messages stay in the transcript), and fails once it refused them or every attempt failed
   */
  @Override
  public Future<Void> send(Outbound message) {
    if (options.outboundUrl() == null) {
      LOG.log(System.Logger.Level.DEBUG, "webhook.outbound.unconfigured");
      return Future.succeededFuture();
    }
    Buffer body = WebhookMapping.toJson(message).toBuffer();
    return deliver(body, WebhookMapping.deliveryId(message), 1);
  }

  private Future<Void> deliver(Buffer body, String deliveryId, int attempt) {
    if (stopped) return Future.failedFuture(new IllegalStateException("the webhook channel is stopped"));
    String timestamp = String.valueOf(clock.instant().getEpochSecond());
    return client.postAbs(options.outboundUrl().toString())
        .putHeader(HttpHeaders.CONTENT_TYPE.toString(), "application/json; charset=utf-8")
        .putHeader(WebhookMapping.TIMESTAMP_HEADER, timestamp)
        .putHeader(WebhookMapping.SIGNATURE_HEADER, WebhookMapping.sign(options.secret(), timestamp, body.getBytes()))
        .putHeader(WebhookMapping.DELIVERY_HEADER, deliveryId)
        .timeout(30_000)
        .sendBuffer(body)
        .transform(ar -> {
          long retryAfterMillis = -1;
          String reason;
          if (ar.succeeded()) {
            HttpResponse<Buffer> response = ar.result();
            int status = response.statusCode();
            if (status >= 200 && status < 300) return Future.succeededFuture();
            reason = "status " + status;
            if (status != 408 && status != 429 && status < 500) {
              LOG.log(System.Logger.Level.WARNING, "webhook.outbound.refused status={0}", status);
              return Future.failedFuture(new IllegalStateException("the outbound URL refused the message: " + reason));
            }
            retryAfterMillis = retryAfter(response.getHeader("Retry-After"));
          } else {
            reason = ar.cause().getClass().getSimpleName();
          }
          if (attempt >= options.maxAttempts()) {
            LOG.log(System.Logger.Level.WARNING, "webhook.outbound.dropped reason={0} attempts={1}", reason, attempt);
            return Future.failedFuture(new IllegalStateException(
                "the outbound URL did not take the message after " + attempt + " attempts: " + reason));
          }
          long pause = Math.max(retryAfterMillis, Math.min(options.firstBackoff().toMillis() << Math.min(attempt - 1, 16), 300_000));
          LOG.log(System.Logger.Level.INFO, "webhook.outbound.retry reason={0} attempt={1} pauseMs={2}", reason, attempt, pause);
          return after(pause).compose(v -> deliver(body, deliveryId, attempt + 1));
        });
  }

  private static long retryAfter(String header) {
    if (header == null || !header.trim().matches("[0-9]{1,6}")) return -1;
    return Long.parseLong(header.trim()) * 1000;
  }

  private Future<Void> after(long millis) {
    if (millis <= 0) return Future.succeededFuture();
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(millis, id -> promise.complete());
    return promise.future();
  }

  /** A user id as part of a key: its length first, so that no two ids give the same key. */
  private static String key(String userId) {
    return userId.length() + ":" + userId;
  }

  private static void fail(RoutingContext ctx, Throwable error) {
    if (error instanceof RejectedMessage rejected) {
      ctx.fail(rejected.httpStatus(), rejected);
    } else {
      ctx.fail(error);
    }
  }
}
