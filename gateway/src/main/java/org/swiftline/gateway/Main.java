package org.swiftline.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;

/**
 * Starts the gateway: {@code java -jar gateway/target/swiftline.jar [--port N] [--kb DIR] [--data DIR]}; or, with
 * {@code operator add ...}, creates an operator account ({@link org.swiftline.gateway.operators.OperatorCommand}).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(Settings.USAGE);
      return;
    }
    if (args.length > 0 && args[0].equals("operator")) {
      System.exit(org.swiftline.gateway.operators.OperatorCommand.run(args, System.getenv(), System.in, System.out, System.err));
      return;
    }
    Settings settings;
    try {
      settings = Settings.from(args, System.getenv());
    } catch (Settings.InvalidSetting e) {
      System.err.println("swiftline: " + e.getMessage());
      System.exit(2);
      return;
    }
    long started = System.nanoTime();
    Vertx vertx = Vertx.vertx(new VertxOptions());
    GatewayVerticle gateway = new GatewayVerticle(settings, Clock.systemUTC());
    try {
      vertx.deployVerticle(gateway).await();
    } catch (Throwable e) {
      System.err.println("swiftline: start-up failed: " + e.getMessage());
      vertx.close().await();
      System.exit(1);
      return;
    }
    System.out.printf("swiftline: ready on http://localhost:%d/ in %d ms (knowledge base %s, store %s, data %s)%n",
        gateway.port(), (System.nanoTime() - started) / 1_000_000, settings.knowledgeBase(), settings.store(),
        settings.data());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
  }
}
