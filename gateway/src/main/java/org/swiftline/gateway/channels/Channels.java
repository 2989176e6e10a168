package org.swiftline.gateway.channels;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.swiftline.bots.ChannelAdapter;
import org.swiftline.bots.ChannelState;
import org.swiftline.bots.ChannelTexts;
import org.swiftline.bots.ConversationHandler;
import org.swiftline.bots.Leadership;
import org.swiftline.bots.Outbound;
import org.swiftline.bots.telegram.TelegramAdapter;
import org.swiftline.bots.web.WebChatAdapter;
import org.swiftline.bots.wechat.WechatAdapter;
import org.swiftline.bots.webhook.WebhookAdapter;
import org.swiftline.gateway.relay.Relay;

/**
 * The channels the gateway runs: the web chat always, Telegram, the signed webhook and WeChat when their
 * credentials are set. The only place that names channel implementations; to add a channel, add its
 * settings to {@link ChannelSettings} and create it here when they are set.
 */
public final class Channels {
  private static final System.Logger LOG = System.getLogger("swiftline.channels");

  private final List<ChannelAdapter> adapters;
  private final Map<String, ChannelAdapter> byName;
  private final Relay relay;
  private final List<Relay.Subscription> subscriptions = new java.util.concurrent.CopyOnWriteArrayList<>();

  private Channels(List<ChannelAdapter> adapters, Relay relay) {
    this.adapters = List.copyOf(adapters);
    this.relay = relay;
    this.byName = adapters.stream().collect(Collectors.toUnmodifiableMap(ChannelAdapter::name, a -> a));
  }

  /**
   * Creates the channels that {@code settings} turn on.
   *
   * @param languages the languages Telegram's {@code /lang} offers
   * @param relay carries outbound messages of connection-bound channels (web chat) to every instance
   * @param leadership chooses the one instance that runs Telegram long polling
   */
  public static Channels create(
      Vertx vertx, ChannelSettings settings, ConversationHandler handler, ChannelState state, ChannelTexts texts,
      Supplier<List<String>> languages, Clock clock, Relay relay, Leadership leadership) {
    List<ChannelAdapter> adapters = new ArrayList<>();
    adapters.add(new WebChatAdapter(handler, clock));
    if (settings.telegram() != null) {
      adapters.add(new TelegramAdapter(vertx, settings.telegram(), handler, state, leadership, texts, languages, clock));
    }
    if (settings.webhook() != null) {
      adapters.add(new WebhookAdapter(vertx, settings.webhook(), handler, state, clock));
    }
    if (settings.wechat() != null) {
      adapters.add(new WechatAdapter(vertx, settings.wechat(), handler, state, texts, clock));
    }
    return new Channels(adapters, relay);
  }

  /** The names of the channels that are on, e.g. {@code [web, telegram]}. */
  public List<String> names() {
    return adapters.stream().map(ChannelAdapter::name).toList();
  }

  /** The channel named {@code name} ({@code web}, {@code telegram}, {@code webhook}, {@code wechat}), or empty when it is off. */
  public java.util.Optional<ChannelAdapter> adapter(String name) {
    return java.util.Optional.ofNullable(byName.get(name));
  }

  /** Adds every channel's routes. */
  public void mount(Router router) {
    adapters.forEach(a -> a.mount(router));
  }

  /**
   * Listens for the outbound messages of connection-bound channels, then starts the channels one after the
   * other; fails with the first that fails to start.
   */
  public Future<Void> start() {
    Future<Void> chain = Future.succeededFuture();
    for (ChannelAdapter a : adapters) {
      if (!a.connectionBound()) continue;
      chain = chain.compose(v -> relay.subscribe(OutboundEvents.topic(a.name()), event -> deliverHere(a, event))
          .map(subscription -> {
            subscriptions.add(subscription);
            return null;
          }));
    }
    for (ChannelAdapter a : adapters) chain = chain.compose(v -> a.start());
    return chain.onSuccess(v -> LOG.log(System.Logger.Level.INFO, "channels.started names={0}", String.join(",", names())));
  }

  /** Stops every channel; succeeds once all have stopped, whatever each reported. */
  public Future<Void> stop() {
    subscriptions.forEach(Relay.Subscription::close);
    subscriptions.clear();
    List<Future<Void>> stopped = adapters.stream().map(ChannelAdapter::stop).toList();
    return Future.join(stopped).transform(ar -> Future.succeededFuture());
  }

  /**
   * Delivers an outbound message on the channel of {@code message.to()}: a channel with an HTTP API sends it
   * from here, once; for a connection-bound channel (the web chat) it goes through the relay to every
   * instance, and the one holding the person's WebSocket delivers it.
   *
   * @return the channel's {@link ChannelAdapter#send} result, or the relay's publish result; fails when that
   *     channel is not on
   */
  public Future<Void> send(Outbound message) {
    ChannelAdapter adapter = byName.get(message.to().channel());
    if (adapter == null) {
      return Future.failedFuture(new IllegalStateException("channel '" + message.to().channel() + "' is not on"));
    }
    if (adapter.connectionBound()) return relay.publish(OutboundEvents.topic(adapter.name()), OutboundEvents.toJson(message));
    return adapter.send(message);
  }

  private static void deliverHere(ChannelAdapter adapter, io.vertx.core.json.JsonObject event) {
    Outbound message;
    try {
      message = OutboundEvents.fromJson(event);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "channels.outbound.unreadable channel={0}", adapter.name());
      return;
    }
    adapter.send(message).onFailure(e -> LOG.log(System.Logger.Level.WARNING,
        "channels.outbound.failed channel={0} reason={1}", adapter.name(), e.getMessage()));
  }
}
