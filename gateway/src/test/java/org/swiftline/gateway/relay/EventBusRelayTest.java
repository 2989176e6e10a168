package org.swiftline.gateway.relay;

import io.vertx.core.Vertx;

/** The relay contract on Vert.x's local event bus (one instance). */
class EventBusRelayTest extends RelayContract {
  @Override
  protected Relay open(Vertx vertx) {
    return new EventBusRelay(vertx);
  }
}
