package org.swiftline.bots;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/**
 * A messaging channel: translates its platform's messages to {@link InboundMessage}s for a
 * {@link ConversationHandler} and renders {@link Turn}s and {@link Outbound} messages back.
 *
 * <p>To add a channel: create a package beside {@code web/}, implement this interface with pure mapping
 * functions beside it, and enable it in the gateway's channel wiring when its credentials are set.
 */
public interface ChannelAdapter {

  /** The channel's name, as in {@link ChannelIdentity#channel()}. */
  String name();

  /** Adds the channel's HTTP routes (webhooks, APIs, WebSockets) to the gateway's router. */
  void mount(Router router);

  /** Starts background work such as long polling; succeeds once the channel is ready. */
  Future<Void> start();

  /** Stops background work; succeeds once it has stopped. */
  Future<Void> stop();

  /**
   * Delivers messages to a person now.
   *
   * @return a future that succeeds once the platform took the messages (or nobody is connected and the
   *     person will catch up from the transcript), and fails when the platform refused them
   */
  Future<Void> send(Outbound message);

  /**
   * Whether {@link #send} reaches only the people connected to this gateway instance (the web chat's
   * WebSockets), so that with several instances an outbound message must be handed to each of them; false
   * (the default) for channels with an HTTP API, where one send from any instance reaches the person.
   */
  default boolean connectionBound() {
    return false;
  }
}
