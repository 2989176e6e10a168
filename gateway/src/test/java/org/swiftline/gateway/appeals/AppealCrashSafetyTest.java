package org.swiftline.gateway.appeals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.TestGateway;

/**
 * Crash safety: a gateway in its own process files appeals for many people at once and is killed with
 * SIGKILL in the middle; after a restart on the same data folder every appeal number that was acknowledged
 * exists, whole, and its owner can look it up.
 */
class AppealCrashSafetyTest {
  static final int CLIENTS = 12;
  static final int ACKNOWLEDGED_BEFORE_KILL = 30;

  private final Vertx vertx = Vertx.vertx();
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    children.forEach(Process::destroyForcibly);
    vertx.close().await();
  }

  @Test
  void everyAcknowledgedAppealSurvivesAKillDashNine() throws Exception {
    Path data = Files.createTempDirectory("swiftline-crash");
    Path shared = Path.of("target", "shared-cache").toAbsolutePath();
    for (String dir : new String[] {"embeddings", "cache"}) {
      Files.createDirectories(shared.resolve(dir));
      Files.createSymbolicLink(data.resolve(dir), shared.resolve(dir));
    }

    // given a gateway process and twelve people filing appeals one after the other, all at the same time
    int port = freePort();
    Process gateway = startGateway(port, data);
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
        new PoolOptions().setHttp1MaxSize(CLIENTS * 2));
    Map<String, String> acknowledged = new ConcurrentHashMap<>(); // number -> what
    Map<String, String> owners = new ConcurrentHashMap<>();
    AtomicBoolean killed = new AtomicBoolean();
    AtomicInteger attempts = new AtomicInteger();
    Promise<Void> enough = Promise.promise();
    for (int c = 0; c < CLIENTS; c++) {
      fileForever(client, "crash-user-" + c, acknowledged, owners, killed, attempts, enough);
    }

    // when the process is killed (SIGKILL) while confirmations are in flight
    enough.future().timeout(180, TimeUnit.SECONDS).await();
    gateway.destroyForcibly().waitFor();
    killed.set(true);
    assertTrue(acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL, "acknowledged " + acknowledged.size());

    // then, after a restart, every acknowledged appeal is there, whole
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("swiftline.db"));
        PreparedStatement ps = c.prepareStatement("SELECT what, address, when_text, user_id, status, "
            + "(SELECT COUNT(*) FROM appeal_audit a WHERE a.number = appeals.number) FROM appeals WHERE number = ?")) {
      for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
        ps.setString(1, ack.getKey());
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next(), "acknowledged appeal " + ack.getKey() + " is missing after the kill");
          assertEquals(ack.getValue(), rs.getString(1));
          assertEquals("Gulou Street", rs.getString(2));
          assertEquals("since yesterday", rs.getString(3));
          assertEquals(owners.get(ack.getKey()), rs.getString(4));
          assertTrue(rs.getInt(6) >= 2, "the audit trail is whole");
        }
      }
    }
    int port2 = freePort();
    startGateway(port2, data);
    WebClient after = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port2));
    int checked = 0;
    for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
      if (checked++ >= 5) break;
      HttpResponse<Buffer> r = after.post("/api/v1/chat").sendJsonObject(new JsonObject()
          .put("userId", owners.get(ack.getKey())).put("text", ack.getKey())).await();
      assertEquals(200, r.statusCode(), r.bodyAsString());
      String text = r.bodyAsJsonObject().getJsonArray("replies").getJsonObject(0).getString("text");
      assertTrue(text.contains(ack.getKey()) && !text.contains("cannot find"), text);
    }
    System.out.printf("crash safety: %d appeals acknowledged of %d confirmations sent before the kill; all present%n",
        acknowledged.size(), attempts.get());
  }

  /** One person filing appeals in a loop until the gateway is killed. */
  private void fileForever(WebClient client, String user, Map<String, String> acknowledged, Map<String, String> owners,
      AtomicBoolean killed, AtomicInteger attempts, Promise<Void> enough) {
    if (killed.get()) return;
    // no digits: a long number in the text would be taken for a phone number
    String what = "the streetlight is broken (report " + user.replaceAll("\\d", "") + " " + letters(SEQUENCE.incrementAndGet()) + ") on Gulou Street since yesterday";
    turn(client, user, null, "I want to complain", null)
        .compose(t -> turn(client, user, t.getString("conversationId"), what, null))
        .compose(t -> turn(client, user, t.getString("conversationId"), "Skip", "appeal:skip"))
        .compose(t -> turn(client, user, t.getString("conversationId"), "Skip", "appeal:skip"))
        .compose(t -> {
          attempts.incrementAndGet();
          return turn(client, user, t.getString("conversationId"), "File the appeal", "appeal:confirm");
        })
        .onSuccess(t -> {
          if (!"appeal_filed".equals(t.getString("outcome")) && !killed.get()) {
            enough.tryFail(new AssertionError("the confirmation did not file: " + t.encode()));
            return;
          }
          if ("appeal_filed".equals(t.getString("outcome"))) {
            Matcher m = AppealChatTest.NUMBER.matcher(t.getJsonArray("replies").getJsonObject(0).getString("text"));
            if (m.find()) {
              acknowledged.put(m.group(), what);
              owners.put(m.group(), user);
              if (acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL) enough.tryComplete();
            }
          }
          fileForever(client, user, acknowledged, owners, killed, attempts, enough);
        })
        .onFailure(e -> {
          if (!killed.get()) enough.tryFail(e);
        });
  }

  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private static String letters(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = n; i > 0; i /= 26) s.append((char) ('a' + i % 26));
    return s.toString();
  }

  private static Future<JsonObject> turn(WebClient client, String user, String conversationId, String text, String payload) {
    JsonObject body = new JsonObject().put("userId", user).put("text", text);
    if (conversationId != null) body.put("conversationId", conversationId);
    if (payload != null) body.put("payload", payload);
    return client.post("/api/v1/chat").sendJsonObject(body).map(r -> {
      if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + r.bodyAsString());
      return r.bodyAsJsonObject();
    });
  }

  private Process startGateway(int port, Path data) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", classpath(), "org.swiftline.gateway.Main",
        "--port", String.valueOf(port), "--kb", TestGateway.repositoryKnowledgeBase().toString(), "--data", data.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("gateway.log").toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("SWIFTLINE_"));
    Process p = pb.start();
    children.add(p);
    WebClient probe = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      assertTrue(p.isAlive(), "the gateway died: " + Files.readString(data.resolve("gateway.log")));
      try {
        if (probe.get("/health/ready").send().await().statusCode() == 200) {
          probe.close();
          return p;
        }
      } catch (Exception notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the gateway was not ready in time: " + Files.readString(data.resolve("gateway.log")));
  }

  /** The test's class path, also when surefire hides it in a manifest-only jar. */
  private static String classpath() throws IOException {
    String cp = System.getProperty("java.class.path");
    String[] parts = cp.split(File.pathSeparator);
    if (parts.length == 1 && parts[0].contains("surefire")) {
      try (JarFile jar = new JarFile(parts[0])) {
        String manifest = jar.getManifest().getMainAttributes().getValue("Class-Path");
        assertNotNull(manifest);
        List<String> paths = new ArrayList<>();
        for (String url : manifest.split(" ")) if (!url.isBlank()) paths.add(Path.of(URI.create(url)).toString());
        return String.join(File.pathSeparator, paths);
      }
    }
    return cp;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
