package org.swiftline.bots.wechat;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.swiftline.bots.ChannelAdapter;
import org.swiftline.bots.ChannelState;
import org.swiftline.bots.ChannelTexts;
import org.swiftline.bots.ConversationHandler;
import org.swiftline.bots.InboundMessage;
import org.swiftline.bots.KeyedQueue;
import org.swiftline.bots.Outbound;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.RejectedMessage;
import org.swiftline.bots.Reply;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.bots.Turn;
import org.swiftline.bots.wechat.WechatMapping.Incoming;
import org.swiftline.bots.wechat.WechatMapping.InvalidXml;
import org.swiftline.bots.wechat.WechatMapping.Rendered;
import org.swiftline.bots.wechat.WechatMapping.Unauthorized;

/**
 * The WeChat Official Account channel, in plaintext, compatible and (with the EncodingAESKey) safe mode:
 * an encrypted body ({@code encrypt_type=aes}) is checked against {@code msg_signature}, decrypted by
 * {@link WechatCrypto}, and answered encrypted.
 *
 * <p>WeChat docs: <a href="https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html">server
 * configuration and URL verification</a>,
 * <a href="https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html">receiving
 * messages</a> (and their retries), <a href="https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html">events</a>,
 * <a href="https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html">passive
 * replies</a>, <a href="https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html">customer-service
 * messages</a>, <a href="https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html">access token</a>.
 *
 * <p>{@code GET <path>} answers WeChat's URL verification with {@code echostr}; {@code POST <path>} takes
 * messages. Both check {@code signature} (SHA-1 of the sorted token, timestamp and nonce) and that the
 * timestamp is within five minutes, else 401. A message is answered in WeChat's response (a passive
 * reply) when its answer is ready within {@link WechatOptions#replyBudget()}; otherwise the response is
 * {@code success} and the answer goes through the customer-service API. A long answer's first part is the
 * passive reply and the rest follows through the API. WeChat retries a message it got no answer to (three
 * times, five seconds apart); a retry, recognised by its MsgId, is not handled again: it waits for the
 * answer in progress, or gets the same passive reply, or {@code success} when the answer went through
 * the API.
 *
 * <p>Each follower (OpenID) is one conversation; its messages are handled one at a time in order. Per
 * follower, {@link ChannelState} keeps {@code wechat:<appId>:user:<openId>}: the conversation, its language
 * and the choices last offered, which are shown as numbered lines and picked by writing the number.
 */
public final class WechatAdapter implements ChannelAdapter {
  private static final System.Logger LOG = System.getLogger("swiftline.wechat");
  public static final long MAX_BODY_BYTES = 64 * 1024;
  private static final Duration WORKING = Duration.ofSeconds(60);
  private static final String XML_TYPE = "application/xml; charset=utf-8";
  private static final String ARRIVED = "wechat.arrivedNanos";

  private final Vertx vertx;
  private final WechatOptions options;
  private final ConversationHandler handler;
  private final ChannelState state;
  private final ChannelTexts texts;
  private final Clock clock;
  private final WechatApi api;
  private final KeyedQueue users = new KeyedQueue();
  private final KeyedQueue sends = new KeyedQueue();
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final WechatCrypto crypto;
  private final SecureRandom random = new SecureRandom();

  /** What the channel remembers about one follower. */
  record UserState(String conversationId, String language, List<QuickReply> choices) {
    static UserState parse(Optional<String> stored) {
      if (stored.isEmpty()) return new UserState(null, null, List.of());
      JsonObject o = new JsonObject(stored.get());
      List<QuickReply> choices = new ArrayList<>();
      for (Object c : o.getJsonArray("choices", new JsonArray())) {
        JsonObject q = (JsonObject) c;
        choices.add(new QuickReply(q.getString("title"), q.getString("payload")));
      }
      return new UserState(o.getString("conversationId"), o.getString("language"), choices);
    }

    String encode() {
      JsonArray list = new JsonArray();
      for (QuickReply q : choices) list.add(new JsonObject().put("title", q.title()).put("payload", q.payload()));
      return new JsonObject().put("conversationId", conversationId).put("language", language).put("choices", list).encode();
    }
  }

  public WechatAdapter(
      Vertx vertx, WechatOptions options, ConversationHandler handler, ChannelState state, ChannelTexts texts, Clock clock) {
    this.vertx = vertx;
    this.options = options;
    this.handler = handler;
    this.state = state;
    this.texts = texts;
    this.clock = clock;
    this.api = new WechatApi(vertx, options, state, clock);
    this.crypto = options.aesKey() == null ? null : new WechatCrypto(options.aesKey(), options.appId());
  }

  @Override
  public String name() {
    return WechatMapping.CHANNEL;
  }

  @Override
  public void mount(Router router) {
    router.get(options.path()).handler(this::verifySignature).handler(this::verifyUrl);
    router.post(options.path())
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::verifySignature)
        .handler(this::inbound);
  }

  /**
   * Fetches the access token, which also checks the AppID and AppSecret. Fails when WeChat refuses either;
   * when WeChat cannot be reached or refuses this server's address (its IP whitelist), succeeds: passive
   * replies need no token, and the token is fetched again when first needed. Waits for WeChat at most a
   * little longer than one API call's timeout.
   */
  @Override
  public Future<Void> start() {
    return api.accessToken().timeout(options.apiTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS).transform(ar -> {
      if (ar.succeeded()) {
        LOG.log(System.Logger.Level.INFO, "wechat.started appId={0} path={1}", options.appId(), options.path());
        return Future.succeededFuture();
      }
      if (ar.cause() instanceof WechatApi.ApiError e) {
        switch (e.errcode) {
          case 40013 -> {
            return Future.failedFuture(new IllegalStateException("SWIFTLINE_WECHAT_APP_ID: WeChat refused the AppID (" + e.getMessage() + ")"));
          }
          case 40001, 40125, 41004 -> {
            return Future.failedFuture(new IllegalStateException("SWIFTLINE_WECHAT_APP_SECRET: WeChat refused the AppSecret (" + e.getMessage() + ")"));
          }
          case 40164 -> LOG.log(System.Logger.Level.WARNING,
              "wechat.start.ip_not_whitelisted hint=add this server's public IP to the account's IP whitelist");
          default -> {
            // logged below
          }
        }
      }
      LOG.log(System.Logger.Level.WARNING, "wechat.start.no_token reason={0}", WechatApi.reason(ar.cause()));
      return Future.succeededFuture();
    });
  }

  @Override
  public Future<Void> stop() {
    api.close();
    return Future.succeededFuture();
  }

  private void verifySignature(RoutingContext ctx) {
    try {
      WechatMapping.verify(options.token(), ctx.request().getParam("signature"), ctx.request().getParam("timestamp"),
          ctx.request().getParam("nonce"), clock.instant(), options.tolerance());
    } catch (Unauthorized e) {
      LOG.log(System.Logger.Level.WARNING, "wechat.inbound.unauthorized reason={0}", e.getMessage());
      ctx.fail(401, e);
      return;
    }
    ctx.next();
  }

  private void verifyUrl(RoutingContext ctx) {
    String echo = ctx.request().getParam("echostr");
    if (echo == null || echo.isEmpty() || echo.length() > 256) {
      ctx.fail(400, new IllegalArgumentException("echostr is required"));
      return;
    }
    LOG.log(System.Logger.Level.INFO, "wechat.url.verified");
    ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(echo);
  }

  private void inbound(RoutingContext ctx) {
    ctx.put(ARRIVED, System.nanoTime());
    Buffer body = ctx.body().buffer();
    byte[] raw = body == null ? new byte[0] : body.getBytes();
    Incoming in;
    try {
      if (crypto != null && encrypted(ctx)) {
        String encrypt = WechatMapping.encryptedPart(raw);
        if (encrypt == null) throw new InvalidXml("encrypt_type is aes but the body has no Encrypt");
        WechatCrypto.verify(options.token(), ctx.request().getParam("timestamp"), ctx.request().getParam("nonce"), encrypt,
            ctx.request().getParam("msg_signature"));
        in = WechatMapping.read(WechatMapping.parse(crypto.decrypt(encrypt)));
      } else {
        in = WechatMapping.read(WechatMapping.parse(raw));
      }
    } catch (Unauthorized e) {
      LOG.log(System.Logger.Level.WARNING, "wechat.inbound.unauthorized reason={0}", e.getMessage());
      ctx.fail(401, e);
      return;
    } catch (InvalidXml e) {
      LOG.log(System.Logger.Level.WARNING, "wechat.inbound.invalid reason={0}", e.getMessage());
      ctx.fail(400, e);
      return;
    }
    if (in.kind() == WechatMapping.Kind.IGNORED) {
      ctx.response().putHeader("Content-Type", "text/plain").end(WechatMapping.SUCCESS);
      return;
    }
    String key = "wechat:" + options.appId() + ":msg:" + in.dedupeKey();
    Job running = jobs.get(key);
    if (running != null) {
      LOG.log(System.Logger.Level.DEBUG, "wechat.inbound.retry_in_progress");
      running.await(ctx);
      return;
    }
    state.get(key).onComplete(seen -> {
      if (seen.failed()) {
        LOG.log(System.Logger.Level.WARNING, "wechat.state.unavailable reason={0}", WechatApi.reason(seen.cause()));
        ctx.fail(503, seen.cause());
        return;
      }
      if (seen.result().isPresent()) {
        JsonObject done = new JsonObject(seen.result().get());
        String status = done.getString("status");
        if (!"failed".equals(status)) {
          LOG.log(System.Logger.Level.DEBUG, "wechat.inbound.duplicate status={0}", status);
          respond(ctx, in, "passive".equals(status) ? done.getString("reply") : null);
          return;
        }
      }
      Job job = new Job(in, key);
      Job other = jobs.putIfAbsent(key, job);
      if (other != null) {
        other.await(ctx);
        return;
      }
      job.await(ctx);
      users.submit(in.openId(), () -> state.put(key, new JsonObject().put("status", "working").encode(), WORKING)
          .compose(v -> act(in))).onComplete(job::finish);
    });
  }

  /** One message being answered, and the requests (WeChat's first delivery and its retries) waiting for it. */
  private final class Job {
    private final Incoming in;
    private final String key;
    private final List<RoutingContext> waiting = new ArrayList<>();
    private String passive;
    private boolean done;

    Job(Incoming in, String key) {
      this.in = in;
      this.key = key;
    }

    /** Answers {@code ctx} with the reply when it is ready within the budget, else with {@code success}. */
    synchronized void await(RoutingContext ctx) {
      if (done) {
        answer(ctx, passive);
        return;
      }
      waiting.add(ctx);
      Long arrived = ctx.get(ARRIVED);
      long spent = arrived == null ? 0 : (System.nanoTime() - arrived) / 1_000_000;
      long budget = options.replyBudget().toMillis() - spent; // the budget counts from the request's arrival
      if (budget <= 0) {
        expire(ctx);
      } else {
        vertx.setTimer(budget, id -> expire(ctx));
      }
    }

    private synchronized void expire(RoutingContext ctx) {
      if (waiting.remove(ctx)) answer(ctx, null);
    }

    private void answer(RoutingContext ctx, String reply) {
      if (ctx.response().ended() || ctx.response().closed()) return;
      respond(ctx, in, reply);
    }

    void finish(AsyncResult<Rendered> result) {
      List<RoutingContext> waiters;
      synchronized (this) {
        waiters = new ArrayList<>(waiting);
        waiting.clear();
      }
      if (result.failed()) {
        Throwable e = result.cause();
        LOG.log(System.Logger.Level.WARNING, "wechat.message.failed reason={0} waiting={1}", WechatApi.reason(e), waiters.size());
        boolean loading = e instanceof RejectedMessage r && r.reason() == RejectedMessage.Reason.UNAVAILABLE;
        // not marked handled: WeChat's next retry handles it again
        state.put(key, new JsonObject().put("status", "failed").encode(), options.dedupeWindow())
            .onComplete(ar -> jobs.remove(key, this));
        for (RoutingContext ctx : waiters) ctx.fail(loading ? 503 : 500, e);
        return;
      }
      List<String> parts = result.result().parts();
      RoutingContext open = null;
      for (RoutingContext ctx : waiters) {
        if (!ctx.response().closed() && !ctx.response().ended()) open = ctx; // the latest delivery WeChat waits on
      }
      List<String> later;
      synchronized (this) {
        done = true;
        passive = open != null && !parts.isEmpty() ? parts.get(0) : null;
        later = passive != null ? parts.subList(1, parts.size()) : parts;
      }
      for (RoutingContext ctx : waiters) {
        if (ctx != open) answer(ctx, null);
      }
      JsonObject record = passive != null
          ? new JsonObject().put("status", "passive").put("reply", passive)
          : new JsonObject().put("status", "custom");
      LOG.log(System.Logger.Level.DEBUG, "wechat.message.answered how={0} parts={1}", record.getString("status"), parts.size());
      state.put(key, record.encode(), options.dedupeWindow())
          .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "wechat.state.not_saved reason={0}", WechatApi.reason(e)))
          .onComplete(ar -> jobs.remove(key, this));
      if (open != null) {
        respond(open, in, passive).onComplete(ar -> sendParts(in.openId(), later));
      } else {
        sendParts(in.openId(), later);
      }
    }
  }

  private static boolean encrypted(RoutingContext ctx) {
    return "aes".equalsIgnoreCase(ctx.request().getParam("encrypt_type"));
  }

  /** Ends {@code ctx} with {@code reply} as a passive reply (encrypted when the request was), or {@code success}. */
  private Future<Void> respond(RoutingContext ctx, Incoming in, String reply) {
    if (reply == null) return ctx.response().putHeader("Content-Type", "text/plain").end(WechatMapping.SUCCESS);
    String xml = WechatMapping.passiveReply(in.message(), reply, clock.instant());
    if (crypto != null && encrypted(ctx)) {
      byte[] noise = new byte[16];
      random.nextBytes(noise);
      xml = crypto.envelope(options.token(), xml, String.valueOf(clock.instant().getEpochSecond()),
          ctx.request().getParam("nonce"), noise);
    }
    return ctx.response().putHeader("Content-Type", XML_TYPE).end(xml);
  }

  private Future<Void> sendParts(String openId, List<String> parts) {
    if (parts.isEmpty()) return Future.succeededFuture();
    return sends.submit(openId, () -> {
      Future<Void> chain = Future.succeededFuture();
      for (String part : parts) chain = chain.compose(v -> api.sendText(openId, part));
      return chain;
    });
  }

  private String userKey(String openId) {
    return "wechat:" + options.appId() + ":user:" + openId;
  }

  /** Decides the answer to a message, in the follower's queue; succeeds with the messages to show. */
  private Future<Rendered> act(Incoming in) {
    String key = userKey(in.openId());
    return state.get(key).map(UserState::parse).compose(user -> switch (in.kind()) {
      case SUBSCRIBE -> Future.succeededFuture(text(user.language(), ChannelTexts.WELCOME));
      case TEXT -> converse(in, user).compose(turn -> {
        Rendered rendered = WechatMapping.render(turn.replies(), texts.text(turn.language(), ChannelTexts.CHOOSE_NUMBER));
        UserState next = new UserState(turn.conversationId(), turn.language(), rendered.choices());
        return state.put(key, next.encode()).map(rendered);
      });
      default -> Future.succeededFuture(text(user.language(), ChannelTexts.TEXT_ONLY));
    });
  }

  /** A sentence in the follower's language, or in Chinese and English while it is not known. */
  private Rendered text(String language, String key) {
    String text = language != null ? texts.text(language, key) : texts.text("zh", key) + "\n\n" + texts.text("en", key);
    return new Rendered(WechatMapping.split(text, WechatMapping.MAX_TEXT_BYTES), List.of());
  }

  private Future<Turn> converse(Incoming in, UserState user) {
    InboundMessage m = WechatMapping.toInbound(in, user.choices(), clock.instant());
    InboundMessage message = new InboundMessage(m.from(), user.conversationId(), m.text(), m.payload(), null, m.receivedAt());
    return handler.handle(message).recover(e -> {
      boolean gone = e instanceof RejectedMessage r && r.reason() == RejectedMessage.Reason.NOT_FOUND;
      if (!gone || user.conversationId() == null) return Future.failedFuture(e);
      // the conversation is no longer known (a store was reset): start a new one for this follower
      return handler.handle(new InboundMessage(m.from(), null, m.text(), m.payload(), null, m.receivedAt()));
    });
  }

  /**
   * Delivers an operator's reply or a notification to the follower {@code message.to().userId()} through the
   * customer-service API; its choices replace the ones last offered.
   *
   * @return a future that succeeds once WeChat took every part, and fails when one was dropped (outside the
   *     48-hour window, say; logged), the rest with it
   */
  @Override
  public Future<Void> send(Outbound message) {
    String openId = message.to().userId();
    String key = userKey(openId);
    return users.submit(openId, () -> state.get(key).map(UserState::parse).compose(user -> {
      List<Reply> replies = new ArrayList<>();
      String language = user.language();
      for (TranscriptEntry entry : message.entries()) {
        replies.add(new Reply(entry.text(), entry.quickReplies()));
        if (entry.language() != null) language = entry.language();
      }
      Rendered rendered = WechatMapping.render(replies, texts.text(language == null ? "zh" : language, ChannelTexts.CHOOSE_NUMBER));
      Future<Void> remembered = rendered.choices().isEmpty() ? Future.succeededFuture()
          : state.put(key, new UserState(user.conversationId() == null ? message.conversationId() : user.conversationId(),
              user.language(), rendered.choices()).encode());
      return remembered.map(rendered);
    })).compose(rendered -> sendParts(openId, rendered.parts()));
  }
}
