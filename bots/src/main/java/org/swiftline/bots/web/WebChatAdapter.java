package org.swiftline.bots.web;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.swiftline.bots.ChannelAdapter;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.ConversationHandler;
import org.swiftline.bots.InboundMessage;
import org.swiftline.bots.Outbound;
import org.swiftline.bots.RejectedMessage;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.bots.web.WebChatMapping.InvalidRequest;

/**
 * The web chat channel: the chat API of CONTRACT §3, a transcript API for catch-up, and a WebSocket
 * through which a conversation receives later messages (operators' replies, appeal notifications).
 *
 * <p>Routes: {@code POST /api/v1/chat}; {@code GET /api/v1/chat/:conversationId/messages?userId=&after=};
 * WebSocket {@code /api/v1/chat/ws?userId=&conversationId=&after=}. Errors are passed to the router's
 * failure handler with a 4xx status and a message that says what is wrong.
 */
public final class WebChatAdapter implements ChannelAdapter {
  /** Largest accepted request body; the text limit is 4000 characters, which is at most 16 kB of UTF-8. */
  public static final long MAX_BODY_BYTES = 64 * 1024;

  private final ConversationHandler handler;
  private final Clock clock;
  private final Map<String, Set<ServerWebSocket>> sockets = new ConcurrentHashMap<>();

  public WebChatAdapter(ConversationHandler handler, Clock clock) {
    this.handler = handler;
    this.clock = clock;
  }

  @Override
  public String name() {
    return WebChatMapping.CHANNEL;
  }

  @Override
  public void mount(Router router) {
    router.post("/api/v1/chat")
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::chat);
    router.get("/api/v1/chat/:conversationId/messages").handler(this::messages);
    router.get("/api/v1/chat/ws").handler(this::webSocket);
  }

  @Override
  public Future<Void> start() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    sockets.values().forEach(set -> set.forEach(ServerWebSocket::close));
    sockets.clear();
    return Future.succeededFuture();
  }

  /** True: {@link #send} reaches the WebSockets open on this instance only. */
  @Override
  public boolean connectionBound() {
    return true;
  }

  @Override
  public Future<Void> send(Outbound message) {
    Set<ServerWebSocket> open = sockets.get(message.conversationId());
    if (open == null || open.isEmpty()) return Future.succeededFuture(); // caught up on reconnect
    for (ServerWebSocket ws : open) {
      for (TranscriptEntry entry : message.entries()) {
        ws.writeTextMessage(event("message", WebChatMapping.toJson(entry)).encode());
      }
    }
    return Future.succeededFuture();
  }

  private void chat(RoutingContext ctx) {
    if (!WebChatMapping.isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      ctx.fail(415, new InvalidRequest("Content-Type must be application/json"));
      return;
    }
    InboundMessage inbound;
    try {
      inbound = WebChatMapping.toInbound(WebChatMapping.parseObject(ctx.body().buffer()), clock.instant());
    } catch (InvalidRequest e) {
      ctx.fail(400, e);
      return;
    }
    handler.handle(inbound)
        .onSuccess(turn -> ctx.json(WebChatMapping.toJson(turn)))
        .onFailure(error -> fail(ctx, error));
  }

  private void messages(RoutingContext ctx) {
    String userId = ctx.request().getParam("userId");
    long after;
    ChannelIdentity who;
    try {
      who = identity(userId);
      after = parseAfter(ctx.request().getParam("after"));
    } catch (InvalidRequest e) {
      ctx.fail(400, e);
      return;
    }
    handler.transcript(who, ctx.pathParam("conversationId"), after)
        .onSuccess(entries -> {
          JsonArray list = new JsonArray();
          entries.forEach(e -> list.add(WebChatMapping.toJson(e)));
          ctx.json(new JsonObject().put("conversationId", ctx.pathParam("conversationId")).put("messages", list));
        })
        .onFailure(error -> fail(ctx, error));
  }

  private void webSocket(RoutingContext ctx) {
    String conversationId = ctx.request().getParam("conversationId");
    ChannelIdentity who;
    long after;
    try {
      who = identity(ctx.request().getParam("userId"));
      after = parseAfter(ctx.request().getParam("after"));
      if (conversationId == null || !conversationId.matches("[A-Za-z0-9_-]{1,64}")) {
        throw new InvalidRequest("conversationId is required");
      }
    } catch (InvalidRequest e) {
      ctx.fail(400, e);
      return;
    }
    // Check ownership before upgrading, so a stranger gets a plain 404 and no socket. The request is
    // paused meanwhile, as an upgrade after asynchronous work requires.
    ctx.request().pause();
    handler.transcript(who, conversationId, after)
        .onFailure(error -> {
          ctx.request().resume();
          fail(ctx, error);
        })
        .onSuccess(missed -> ctx.request().toWebSocket().onFailure(ctx::fail).onSuccess(ws -> {
          Set<ServerWebSocket> set = sockets.computeIfAbsent(conversationId, k -> ConcurrentHashMap.newKeySet());
          set.add(ws);
          ws.closeHandler(v -> set.remove(ws));
          for (TranscriptEntry entry : missed) {
            ws.writeTextMessage(event("message", WebChatMapping.toJson(entry)).encode());
          }
          ws.textMessageHandler(text -> onSocketMessage(ws, who, conversationId, text));
        }));
  }

  private void onSocketMessage(ServerWebSocket ws, ChannelIdentity who, String conversationId, String text) {
    InboundMessage inbound;
    try {
      JsonObject body = WebChatMapping.parseObject(io.vertx.core.buffer.Buffer.buffer(text));
      if ("ping".equals(body.getString("type"))) {
        ws.writeTextMessage(new JsonObject().put("type", "pong").encode());
        return;
      }
      body.put("userId", who.userId()).put("conversationId", conversationId);
      inbound = WebChatMapping.toInbound(body, clock.instant());
    } catch (InvalidRequest | ClassCastException e) {
      ws.writeTextMessage(new JsonObject().put("type", "error").put("error", e.getMessage()).encode());
      return;
    }
    handler.handle(inbound)
        .onSuccess(turn -> ws.writeTextMessage(event("turn", WebChatMapping.toJson(turn)).encode()))
        .onFailure(error -> ws.writeTextMessage(
            new JsonObject().put("type", "error").put("error", publicMessage(error)).encode()));
  }

  private static JsonObject event(String type, JsonObject body) {
    return body.put("type", type);
  }

  private static ChannelIdentity identity(String userId) {
    if (userId == null || userId.isBlank() || userId.length() > ChannelIdentity.MAX_USER_ID) {
      throw new InvalidRequest("userId is required (1 to " + ChannelIdentity.MAX_USER_ID + " characters)");
    }
    return new ChannelIdentity(WebChatMapping.CHANNEL, userId);
  }

  private static long parseAfter(String after) {
    if (after == null || after.isEmpty()) return 0;
    try {
      long value = Long.parseLong(after);
      if (value < 0) throw new NumberFormatException();
      return value;
    } catch (NumberFormatException e) {
      throw new InvalidRequest("after must be a non-negative whole number");
    }
  }

  private static void fail(RoutingContext ctx, Throwable error) {
    if (error instanceof RejectedMessage rejected) {
      ctx.fail(rejected.httpStatus(), rejected);
    } else {
      ctx.fail(error);
    }
  }

  private static String publicMessage(Throwable error) {
    return error instanceof RejectedMessage ? error.getMessage() : "the message could not be handled, please retry";
  }
}
