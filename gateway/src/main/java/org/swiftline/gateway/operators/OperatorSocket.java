package org.swiftline.gateway.operators;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.bots.web.WebChatMapping;
import org.swiftline.gateway.relay.Relay;
import org.swiftline.gateway.store.ConversationStore;

/**
 * The console's WebSocket {@code /api/v1/operators/ws}: queue updates and, for each conversation the
 * operator holds (or asks for with {@code resume}), every new transcript entry, numbered, with neither
 * loss nor duplicates across reconnects. Live events come from the {@link Relay}; gaps are filled from the
 * transcript in the store. The socket renews the operator's connection lease and closes (code 4401) when
 * the session ends.
 */
public final class OperatorSocket {
  private static final long HEARTBEAT_MS = 30_000;
  private static final int CATCH_UP_LIMIT = 1000;

  private final Vertx vertx;
  private final Accounts accounts;
  private final OperatorQueue queue;
  private final Relay relay;
  private final ConversationStore conversations;
  private final Clock clock;

  public OperatorSocket(Vertx vertx, Accounts accounts, OperatorQueue queue, Relay relay, ConversationStore conversations,
      Clock clock) {
    this.vertx = vertx;
    this.accounts = accounts;
    this.queue = queue;
    this.relay = relay;
    this.conversations = conversations;
    this.clock = clock;
  }

  /** Authenticates the upgrade request by its session cookie (401 before the upgrade when signed out). */
  void upgrade(RoutingContext ctx, String token) {
    ctx.request().pause();
    accounts.caller(token).onFailure(e -> {
      ctx.request().resume();
      ctx.fail(e);
    }).onSuccess(found -> {
      if (found.isEmpty()) {
        ctx.request().resume();
        ctx.fail(401, new Refused(401, "sign in first (no session, or it expired)"));
        return;
      }
      ctx.request().toWebSocket().onFailure(ctx::fail).onSuccess(ws -> new Connection(ws, token, found.get()).open());
    });
  }

  /**
   * One console connection: the conversations it follows and what it has sent of each. Its callbacks may
   * come from the relay and from the store on different threads, so they hold the connection's lock.
   */
  private final class Connection {
    private final ServerWebSocket ws;
    private final String token;
    private Accounts.Caller caller;
    private final Map<String, Follow> follows = new HashMap<>();
    private Relay.Subscription queueSubscription;
    private long heartbeat = -1;
    private boolean closed;

    Connection(ServerWebSocket ws, String token, Accounts.Caller caller) {
      this.ws = ws;
      this.token = token;
      this.caller = caller;
    }

    void open() {
      ws.closeHandler(v -> shutDown());
      ws.textMessageHandler(this::onMessage);
      heartbeat = vertx.setPeriodic(HEARTBEAT_MS, id -> accounts.caller(token).onSuccess(found -> {
        if (found.isEmpty()) ws.close((short) 4401, "session ended");
        else caller = found.get();
      }));
      relay.subscribe(OperatorQueue.QUEUE_TOPIC, this::onQueueEvent).onSuccess(s -> {
        if (closed) {
          s.close();
          return;
        }
        queueSubscription = s;
        sendQueue();
        // Follow what the operator holds already; the console resumes each from what it has.
        queue.queue(caller).onSuccess(list -> list.stream().map(o -> (JsonObject) o)
            .filter(e -> caller.name().equals(e.getString("claimedBy")))
            .forEach(e -> follow(e.getString("conversationId"), -1)));
      });
    }

    private synchronized void shutDown() {
      closed = true;
      if (heartbeat >= 0) vertx.cancelTimer(heartbeat);
      if (queueSubscription != null) queueSubscription.close();
      follows.values().forEach(f -> {
        if (f.subscription != null) f.subscription.close();
      });
      follows.clear();
    }

    private void send(JsonObject event) {
      if (!closed) ws.writeTextMessage(event.encode());
    }

    private void sendQueue() {
      queue.queue(caller).onSuccess(list -> send(new JsonObject().put("type", "queue").put("queue", list)));
    }

    private synchronized void onQueueEvent(JsonObject event) {
      String type = event.getString("type");
      String conversationId = event.getString("conversationId");
      if (List.of("claimed", "released", "transferred", "closed").contains(type)) send(event.copy());
      if (conversationId != null && !type.equals("changed") && !type.equals("queued")) {
        // Follow a conversation once it is ours; stop once it is not (unless a supervisor asked to watch it).
        queue.find(caller, conversationId).onComplete(found -> {
          boolean mine = found.succeeded() && caller.name().equals(found.result().claimedBy());
          if (mine) follow(conversationId, -1);
          else if (!caller.may(Role.SUPERVISOR)) unfollow(conversationId);
        });
      }
      sendQueue();
    }

    private synchronized void onMessage(String text) {
      JsonObject message;
      try {
        message = new JsonObject(text);
      } catch (RuntimeException e) {
        send(new JsonObject().put("type", "error").put("error", "messages must be JSON objects"));
        return;
      }
      String type = message.getString("type", "");
      if (type.equals("ping")) {
        send(new JsonObject().put("type", "pong"));
      } else if (type.equals("resume")) {
        Object conversationId = message.getValue("conversationId");
        Object after = message.getValue("after", 0);
        if (!(conversationId instanceof String id) || !(after instanceof Number n) || n.longValue() < 0) {
          send(new JsonObject().put("type", "error").put("error", "resume needs conversationId and after (a number, 0 or more)"));
          return;
        }
        queue.find(caller, id).onComplete(found -> {
          if (found.succeeded() && (caller.name().equals(found.result().claimedBy()) || caller.may(Role.SUPERVISOR))) {
            follow(id, n.longValue());
          } else {
            send(new JsonObject().put("type", "error").put("conversationId", id)
                .put("error", "you do not hold conversation " + id));
          }
        });
      } else {
        send(new JsonObject().put("type", "error").put("error", "unknown message type '" + type + "'"));
      }
    }

    /**
     * Follows a conversation's entries: from {@code after} (everything later is sent, from the store and then
     * live), or live only when {@code after} is negative and nothing was sent yet.
     */
    private synchronized void follow(String conversationId, long after) {
      if (closed) return;
      Follow f = follows.get(conversationId);
      if (f == null) {
        f = new Follow(conversationId);
        follows.put(conversationId, f);
        Follow created = f;
        created.catchingUp = true; // hold live events until subscribed and caught up
        relay.subscribe(OperatorQueue.conversationTopic(conversationId), event -> onEntry(created, event)).onSuccess(s -> {
          if (closed || follows.get(conversationId) != created) {
            s.close();
            return;
          }
          created.subscription = s;
          catchUp(created, after);
        });
      } else if (after >= 0 && !f.catchingUp) {
        f.catchingUp = true;
        f.lastSent = after; // the console has everything up to here
        catchUp(f, after);
      }
    }

    private synchronized void unfollow(String conversationId) {
      Follow f = follows.remove(conversationId);
      if (f != null && f.subscription != null) f.subscription.close();
    }

    /** Sends the stored entries after {@code after} (none when negative), then what arrived live meanwhile. */
    private void catchUp(Follow f, long after) {
      Future<List<TranscriptEntry>> missed = after < 0 ? Future.succeededFuture(List.of())
          : conversations.transcript(f.conversationId, after, CATCH_UP_LIMIT);
      missed.onComplete(result -> {
        synchronized (this) {
          flushAfterCatchUp(f, after, result);
        }
      });
    }

    private void flushAfterCatchUp(Follow f, long after, io.vertx.core.AsyncResult<List<TranscriptEntry>> result) {
      if (after >= 0) f.lastSent = Math.max(f.lastSent, after);
      if (result.succeeded()) result.result().forEach(entry -> sendEntry(f, WebChatMapping.toJson(entry)));
      List<JsonObject> buffered = new ArrayList<>(f.buffer);
      f.buffer.clear();
      f.catchingUp = false;
      buffered.forEach(entry -> deliver(f, entry));
    }

    private synchronized void onEntry(Follow f, JsonObject event) {
      JsonObject entry = event.getJsonObject("entry");
      if (entry == null) return;
      if (f.catchingUp) f.buffer.add(entry);
      else deliver(f, entry);
    }

    /** Sends a live entry: the next one at once, an old one never, and after a gap what is missing first. */
    private synchronized void deliver(Follow f, JsonObject entry) {
      long seq = entry.getLong("seq", 0L);
      if (f.lastSent < 0 || seq == f.lastSent + 1) {
        sendEntry(f, entry);
      } else if (seq > f.lastSent + 1) {
        f.catchingUp = true;
        f.buffer.add(entry);
        catchUp(f, f.lastSent);
      }
    }

    private synchronized void sendEntry(Follow f, JsonObject entry) {
      long seq = entry.getLong("seq", 0L);
      if (f.lastSent >= 0 && seq <= f.lastSent) return;
      f.lastSent = seq;
      send(new JsonObject().put("type", "entry").put("conversationId", f.conversationId).put("entry", entry));
    }
  }

  /** What one connection sent of one conversation. */
  private static final class Follow {
    final String conversationId;
    /** The number of the last entry sent, or -1 before any (live only). */
    long lastSent = -1;
    boolean catchingUp;
    final List<JsonObject> buffer = new ArrayList<>();
    Relay.Subscription subscription;

    Follow(String conversationId) {
      this.conversationId = conversationId;
    }
  }
}
