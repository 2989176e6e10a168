package org.swiftline.gateway.store.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import io.vertx.redis.client.Command;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.swiftline.gateway.relay.Relay;

/**
 * A {@link Relay} between gateway instances on Redis pub/sub: a topic {@code T} is the Redis channel
 * {@code <prefix>relay:T}. Events are published on the store's pooled connections; this instance receives
 * them on one dedicated subscriber connection, which is opened again after it drops (Redis restarted, a
 * network fault), with every topic subscribed again. Events published while it is down are not delivered
 * (the {@link Relay} contract: whatever must not be lost is stored first).
 *
 * <p>See <a href="https://redis.io/docs/latest/develop/interact/pubsub/">Redis pub/sub</a>.
 */
public final class RedisRelay implements Relay {
  private static final System.Logger LOG = System.getLogger("swiftline.relay");
  private static final long FIRST_RETRY_MS = 100;
  private static final long LAST_RETRY_MS = 2000;

  private final Vertx vertx;
  private final RedisAPI publisher;
  private final Redis subscriberClient;
  private final String channelPrefix;
  private final Map<String, Set<Listener>> listeners = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private Future<RedisConnection> connection; // guarded by lock; null when none is open or opening
  private boolean closed; // guarded by lock
  private long retryDelay = FIRST_RETRY_MS; // guarded by lock

  /** A handler and the context it subscribed on, where its events are delivered. */
  private record Listener(Handler<JsonObject> handler, Context context) {}

  /**
   * @param publisher the store's pooled connections, to publish on
   * @param subscriberClient a client of its own, from which the subscriber connection is opened
   * @param prefix the store's key prefix, so that deployments sharing a Redis do not hear each other
   */
  RedisRelay(Vertx vertx, RedisAPI publisher, Redis subscriberClient, String prefix) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.subscriberClient = Objects.requireNonNull(subscriberClient, "subscriberClient");
    this.channelPrefix = Objects.requireNonNull(prefix, "prefix") + "relay:";
  }

  @Override
  public Future<Void> publish(String topic, JsonObject event) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(event, "event");
    return publisher.publish(channelPrefix + topic, event.encode()).mapEmpty();
  }

  @Override
  public Future<Subscription> subscribe(String topic, Handler<JsonObject> handler) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(handler, "handler");
    Listener listener = new Listener(handler, vertx.getOrCreateContext());
    Set<Listener> set = listeners.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet());
    set.add(listener);
    Subscription subscription = () -> unsubscribe(topic, listener);
    return connection()
        .compose(c -> c.send(Request.cmd(Command.SUBSCRIBE).arg(channelPrefix + topic)))
        .map(subscribed -> subscription)
        .recover(e -> {
          set.remove(listener);
          return Future.failedFuture(new IllegalStateException("cannot subscribe to " + topic + ": " + e.getMessage(), e));
        });
  }

  private Future<Void> unsubscribe(String topic, Listener listener) {
    Set<Listener> set = listeners.get(topic);
    if (set == null || !set.remove(listener) || !set.isEmpty()) return Future.succeededFuture();
    listeners.remove(topic, set);
    Future<RedisConnection> current;
    synchronized (lock) {
      current = connection;
    }
    if (current == null || !current.succeeded()) return Future.succeededFuture(); // resubscription skips it
    return current.result().send(Request.cmd(Command.UNSUBSCRIBE).arg(channelPrefix + topic))
        .<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  /** The subscriber connection, opening it (and subscribing every topic) when there is none. */
  private Future<RedisConnection> connection() {
    synchronized (lock) {
      if (closed) return Future.failedFuture(new IllegalStateException("the relay is closed"));
      if (connection != null) return connection;
      Promise<RedisConnection> opened = Promise.promise();
      connection = opened.future();
      subscriberClient.connect().compose(this::prepare).onComplete(ar -> {
        if (ar.failed()) {
          synchronized (lock) {
            if (connection == opened.future()) connection = null;
          }
        }
        opened.handle(ar);
      });
      return opened.future();
    }
  }

  private Future<RedisConnection> prepare(RedisConnection c) {
    c.handler(this::onMessage);
    c.exceptionHandler(e -> LOG.log(System.Logger.Level.DEBUG, "relay.connection.error reason={0}", e.getMessage()));
    c.endHandler(v -> dropped(c));
    List<String> topics = List.copyOf(listeners.keySet());
    if (topics.isEmpty()) return Future.succeededFuture(c);
    Request subscribe = Request.cmd(Command.SUBSCRIBE);
    topics.forEach(t -> subscribe.arg(channelPrefix + t));
    return c.send(subscribe).map(r -> c).recover(e -> c.close().transform(x -> Future.failedFuture(e)));
  }

  /** The subscriber connection ended: open it again, with growing pauses, while anybody listens. */
  private void dropped(RedisConnection c) {
    long delay;
    synchronized (lock) {
      if (connection == null || !connection.succeeded() || connection.result() != c) return;
      connection = null;
      if (closed) return;
      delay = retryDelay;
    }
    LOG.log(System.Logger.Level.WARNING, "relay.connection.lost topics={0}", listeners.size());
    vertx.setTimer(delay, id -> reconnect());
  }

  private void reconnect() {
    synchronized (lock) {
      if (closed || connection != null) return;
    }
    connection().onSuccess(c -> {
      synchronized (lock) {
        retryDelay = FIRST_RETRY_MS;
      }
      LOG.log(System.Logger.Level.INFO, "relay.connection.restored topics={0}", listeners.size());
    }).onFailure(e -> {
      long delay;
      synchronized (lock) {
        if (closed) return;
        delay = retryDelay;
        retryDelay = Math.min(LAST_RETRY_MS, retryDelay * 2);
      }
      vertx.setTimer(delay, id -> reconnect());
    });
  }

  private void onMessage(Response r) {
    if (r.type() != ResponseType.PUSH && r.type() != ResponseType.MULTI) return;
    if (r.size() < 3 || !"message".equals(r.get(0).toString())) return;
    String channel = r.get(1).toString();
    if (!channel.startsWith(channelPrefix)) return;
    Set<Listener> set = listeners.get(channel.substring(channelPrefix.length()));
    if (set == null || set.isEmpty()) return;
    JsonObject event;
    try {
      event = new JsonObject(r.get(2).toString());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "relay.event.unreadable channel={0}", channel);
      return;
    }
    for (Listener l : set) l.context().runOnContext(v -> l.handler().handle(event.copy()));
  }

  /** Whether the subscriber connection is open (or nobody has subscribed yet). */
  boolean connected() {
    synchronized (lock) {
      return listeners.isEmpty() || (connection != null && connection.succeeded());
    }
  }

  @Override
  public Future<Void> close() {
    Future<RedisConnection> current;
    synchronized (lock) {
      if (closed) return Future.succeededFuture();
      closed = true;
      current = connection;
      connection = null;
    }
    listeners.clear();
    Future<Void> closing = current == null ? Future.succeededFuture()
        : current.transform(ar -> ar.succeeded() ? ar.result().close() : Future.succeededFuture());
    return closing.eventually(subscriberClient::close).recover(e -> Future.succeededFuture());
  }
}
