package org.swiftline.gateway.operators;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.swiftline.gateway.TestGateway;

/** What an operator's browser does, over the real HTTP API: keeps the session cookie and sends it back. */
public final class ConsoleClient {
  private final TestGateway gateway;
  private String cookie;

  public ConsoleClient(TestGateway gateway) {
    this.gateway = gateway;
  }

  /** Signs in; returns the response (the cookie is kept when it succeeds). */
  public HttpResponse<Buffer> signIn(String name, String password) {
    HttpResponse<Buffer> r = gateway.client.post("/api/v1/operators/session")
        .sendJsonObject(new JsonObject().put("name", name).put("password", password)).await();
    for (String header : r.cookies()) {
      if (header.startsWith(OperatorApi.COOKIE + "=")) cookie = header.substring(0, header.indexOf(';'));
    }
    return r;
  }

  public String cookie() {
    return cookie;
  }

  public HttpResponse<Buffer> send(HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> request = gateway.client.request(method, path);
    if (cookie != null) request.putHeader("Cookie", cookie);
    return body == null ? request.send().await() : request.sendJsonObject(body).await();
  }

  public HttpResponse<Buffer> get(String path) {
    return send(HttpMethod.GET, path, null);
  }

  public HttpResponse<Buffer> post(String path, JsonObject body) {
    return send(HttpMethod.POST, path, body == null ? new JsonObject() : body);
  }

  /** Opens the console WebSocket; its events arrive in the returned inbox. */
  public Socket connect() {
    WebSocketClient client = gateway.vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port)
        .setURI("/api/v1/operators/ws");
    if (cookie != null) options.addHeader("Cookie", cookie);
    Socket socket = new Socket(client);
    // The handler is set on the event loop as the socket opens, so that no early event is missed.
    socket.ws = client.connect(options).onSuccess(ws -> ws.textMessageHandler(text -> socket.inbox.add(new JsonObject(text))))
        .await();
    return socket;
  }

  /** An open console WebSocket. */
  public static final class Socket implements AutoCloseable {
    final BlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    final WebSocketClient client;
    WebSocket ws;

    Socket(WebSocketClient client) {
      this.client = client;
    }

    public void send(JsonObject message) {
      ws.writeTextMessage(message.encode()).await();
    }

    /** The next event of {@code type} (others are skipped), waiting up to 10 s; fails when none comes. */
    public JsonObject next(String type) throws InterruptedException {
      while (true) {
        JsonObject event = inbox.poll(10, TimeUnit.SECONDS);
        if (event == null) throw new AssertionError("no '" + type + "' event came");
        if (type.equals(event.getString("type"))) return event;
      }
    }

    /** The next entry event of {@code conversationId}. */
    public JsonObject nextEntry(String conversationId) throws InterruptedException {
      while (true) {
        JsonObject event = next("entry");
        if (conversationId.equals(event.getString("conversationId"))) return event.getJsonObject("entry");
      }
    }

    @Override
    public void close() {
      ws.close().await();
      client.close().await();
    }
  }
}
