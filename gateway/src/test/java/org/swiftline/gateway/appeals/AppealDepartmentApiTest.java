package org.swiftline.gateway.appeals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.ChatPerson;
import org.swiftline.gateway.TestGateway;

/** The department and admin API against the real server: keys, every action, notifications, errors. */
class AppealDepartmentApiTest {
  static final String ADMIN = "admin-token-for-tests-0123456789";
  static TestGateway gateway;
  static String cityKey;
  static String transportKey;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase(), Map.of("SWIFTLINE_ADMIN_TOKEN", ADMIN));
    cityKey = createKey("city-management");
    transportKey = createKey("transport");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  static String createKey(String department) {
    HttpResponse<Buffer> r = admin(gateway.client.post("/api/v1/admin/departments/" + department + "/keys")).send().await();
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getString("apiKey");
  }

  static HttpRequest<Buffer> admin(HttpRequest<Buffer> request) {
    return request.putHeader("Authorization", "Bearer " + ADMIN);
  }

  static HttpResponse<Buffer> get(String key, String path) {
    return gateway.client.get(path).putHeader("Authorization", "Bearer " + key).send().await();
  }

  static HttpResponse<Buffer> post(String key, String path, JsonObject body) {
    HttpRequest<Buffer> r = gateway.client.post(path).putHeader("Authorization", "Bearer " + key);
    return (body == null ? r.send() : r.sendJsonObject(body)).await();
  }

  static String dept(String department, String rest) {
    return "/api/v1/departments/" + department + "/appeals" + rest;
  }

  static void assertError(int status, HttpResponse<Buffer> r, String contains) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertTrue(r.getHeader("Content-Type").startsWith("application/json"), r.getHeader("Content-Type"));
    String error = r.bodyAsJsonObject().getString("error");
    assertTrue(error != null && error.contains(contains), "error '" + error + "' should say '" + contains + "'");
  }

  /** A citizen files a streetlight appeal, which is routed to city management. */
  static ChatPerson fileStreetlight(String user) {
    ChatPerson chat = new ChatPerson(gateway, user);
    chat.say("I want to complain");
    chat.say("the streetlight on Xinjiekou street in Xicheng has been broken for a week");
    chat.pick("appeal:skip");
    chat.pick("appeal:confirm");
    assertEquals("appeal_filed", chat.outcome());
    return chat;
  }

  static List<String> transcript(ChatPerson chat) {
    JsonArray messages = gateway.get("/api/v1/chat/" + chat.conversationId + "/messages?userId=" + chat.user + "&after=0")
        .bodyAsJsonObject().getJsonArray("messages");
    return messages.stream().map(m -> ((JsonObject) m).getString("text")).toList();
  }

  @Test
  void aDepartmentTakesAnAppealFromDispatchedToClosedAndTheCitizenHearsOfEachStep() throws Exception {
    ChatPerson citizen = fileStreetlight("lifecycle-citizen");
    String number = AppealChatTest.number(citizen.text());

    // the department sees it, without the citizen's identity
    JsonObject list = get(cityKey, dept("city-management", "?status=dispatched")).bodyAsJsonObject();
    JsonObject listed = list.getJsonArray("appeals").stream().map(o -> (JsonObject) o)
        .filter(a -> a.getString("number").equals(number)).findFirst().orElseThrow();
    assertEquals("dispatched", listed.getString("status"));
    assertEquals("Xinjiekou street", listed.getString("address"));
    assertFalse(listed.encode().contains("lifecycle-citizen"), "no channel identity: " + listed.encode());

    // accept, with the citizen's WebSocket open
    CompletableFuture<String> pushed = new CompletableFuture<>();
    WebSocketClient ws = gateway.vertx.createWebSocketClient();
    ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(gateway.port)
            .setURI("/api/v1/chat/ws?userId=lifecycle-citizen&conversationId=" + citizen.conversationId + "&after=1000"))
        .onSuccess(socket -> socket.textMessageHandler(text -> {
          JsonObject event = new JsonObject(text);
          if ("message".equals(event.getString("type"))) pushed.complete(event.getString("text"));
        }))
        .onFailure(pushed::completeExceptionally).await();
    HttpResponse<Buffer> accepted = post(cityKey, dept("city-management", "/" + number + "/accept"),
        new JsonObject().put("note", "crew sent"));
    assertEquals(200, accepted.statusCode(), accepted.bodyAsString());
    assertEquals("in_progress", accepted.bodyAsJsonObject().getString("status"));
    String notice = pushed.get(10, TimeUnit.SECONDS);
    assertTrue(notice.contains(number) && notice.contains("is now handling it"), notice);
    ws.close().await();

    // a note, then the resolution with a reply for the citizen
    assertEquals(200, post(cityKey, dept("city-management", "/" + number + "/notes"),
        new JsonObject().put("note", "lamp ordered")).statusCode());
    HttpResponse<Buffer> resolved = post(cityKey, dept("city-management", "/" + number + "/resolve"),
        new JsonObject().put("reply", "The lamp was replaced on Tuesday."));
    assertEquals("resolved", resolved.bodyAsJsonObject().getString("status"));
    assertEquals("The lamp was replaced on Tuesday.", resolved.bodyAsJsonObject().getString("resolution"));
    List<String> seen = transcript(citizen);
    assertTrue(seen.get(seen.size() - 1).contains("The lamp was replaced on Tuesday."), seen.toString());

    // the citizen says it is not solved: reopened, back with the department
    citizen.pick("appeal:unsolved:" + number);
    assertEquals("appeal_status", citizen.outcome());
    assertTrue(citizen.text().contains("reopened"), citizen.text());
    assertEquals("reopened", get(cityKey, dept("city-management", "/" + number)).bodyAsJsonObject().getString("status"));
    post(cityKey, dept("city-management", "/" + number + "/accept"), null);
    post(cityKey, dept("city-management", "/" + number + "/resolve"), new JsonObject().put("reply", "Fixed the wiring too."));
    citizen.send("Yes, it is solved", "appeal:solved:" + number);
    assertTrue(citizen.text().contains("closed"), citizen.text());

    // the whole story is in the audit trail, in order
    JsonObject shown = get(cityKey, dept("city-management", "/" + number)).bodyAsJsonObject();
    assertEquals("closed", shown.getString("status"));
    List<String> moves = shown.getJsonArray("trail").stream().map(o -> (JsonObject) o)
        .map(e -> e.getString("actor") + ":" + e.getString("from") + ">" + e.getString("to")).toList();
    assertEquals(List.of("citizen:null>received", "router:received>dispatched",
        "department:city-management:dispatched>in_progress", "department:city-management:in_progress>in_progress",
        "department:city-management:in_progress>resolved", "citizen:resolved>reopened",
        "department:city-management:reopened>in_progress", "department:city-management:in_progress>resolved",
        "citizen:resolved>closed"), moves);
    assertEquals("crew sent", shown.getJsonArray("trail").getJsonObject(2).getString("note"));

    // and a closed appeal is final: accepting it again is a conflict
    assertError(409, post(cityKey, dept("city-management", "/" + number + "/accept"), null),
        "is closed; accepting needs it to be dispatched or reopened");
    // a late answer from the citizen changes nothing
    citizen.send("No", "appeal:unsolved:" + number);
    assertTrue(citizen.text().contains("no longer waiting"), citizen.text());
  }

  @Test
  void forbiddenTransitionsAreConflictsThatSayWhy() {
    String number = AppealChatTest.number(fileStreetlight("conflict-citizen").text());
    assertError(409, post(cityKey, dept("city-management", "/" + number + "/resolve"), new JsonObject().put("reply", "done")),
        "is dispatched; resolving needs it to be in_progress");
    post(cityKey, dept("city-management", "/" + number + "/accept"), null);
    assertError(409, post(cityKey, dept("city-management", "/" + number + "/accept"), null),
        "is in_progress; accepting needs it to be dispatched or reopened");
    assertError(409, admin(gateway.client.post("/api/v1/admin/appeals/" + number + "/route"))
        .sendJsonObject(new JsonObject().put("department", "transport")).await(), "routing needs it to be received");
  }

  @Test
  void sentBackToTriageItLeavesTheDepartmentAndAnAdministratorRoutesItElsewhere() {
    ChatPerson citizen = fileStreetlight("triage-citizen");
    String number = AppealChatTest.number(citizen.text());
    HttpResponse<Buffer> back = post(cityKey, dept("city-management", "/" + number + "/triage"),
        new JsonObject().put("note", "this is a road, not a lamp"));
    assertEquals("received", back.bodyAsJsonObject().getString("status"));
    assertNull(back.bodyAsJsonObject().getString("department"));
    assertError(404, get(cityKey, dept("city-management", "/" + number)), "not found");

    JsonArray queue = admin(gateway.client.get("/api/v1/admin/appeals?triage=true")).send().await()
        .bodyAsJsonObject().getJsonArray("appeals");
    assertTrue(queue.stream().anyMatch(a -> ((JsonObject) a).getString("number").equals(number)), queue.encode());

    HttpResponse<Buffer> routed = admin(gateway.client.post("/api/v1/admin/appeals/" + number + "/route"))
        .sendJsonObject(new JsonObject().put("department", "transport").put("note", "road works")).await();
    assertEquals(200, routed.statusCode(), routed.bodyAsString());
    assertEquals("dispatched", routed.bodyAsJsonObject().getString("status"));
    assertEquals(200, get(transportKey, dept("transport", "/" + number)).statusCode());
    List<String> seen = transcript(citizen);
    assertTrue(seen.get(seen.size() - 1).contains("sent to Beijing Municipal Commission of Transport"), seen.toString());

    assertError(400, admin(gateway.client.post("/api/v1/admin/appeals/" + number + "/route"))
        .sendJsonObject(new JsonObject().put("department", "no-such-department")).await(), "unknown department");
  }

  @Test
  void anAdministratorRejectsWithAReasonTheCitizenIsTold() {
    ChatPerson citizen = fileStreetlight("rejected-citizen");
    String number = AppealChatTest.number(citizen.text());
    assertError(400, admin(gateway.client.post("/api/v1/admin/appeals/" + number + "/reject"))
        .sendJsonObject(new JsonObject()).await(), "reason is required");
    HttpResponse<Buffer> rejected = admin(gateway.client.post("/api/v1/admin/appeals/" + number + "/reject"))
        .sendJsonObject(new JsonObject().put("reason", "Already reported as 20261128-000001.")).await();
    assertEquals("rejected", rejected.bodyAsJsonObject().getString("status"));
    List<String> seen = transcript(citizen);
    assertTrue(seen.get(seen.size() - 1).contains("Already reported"), seen.toString());
  }

  @Test
  void departmentKeysAreCheckedAndStoredOnlyAsHashes() throws Exception {
    String number = AppealChatTest.number(fileStreetlight("auth-citizen").text());
    String path = dept("city-management", "/" + number);
    HttpResponse<Buffer> none = gateway.client.get(path).send().await();
    assertError(401, none, "API key is required");
    assertEquals("Bearer", none.getHeader("WWW-Authenticate"));
    assertError(401, get(cityKey.substring(0, cityKey.indexOf('.')) + ".wrong-secret", path), "not valid");
    assertError(401, get("garbage", path), "not valid");
    assertError(403, get(transportKey, path), "another department");
    assertError(404, get(transportKey, dept("transport", "/" + number)), "not found");
    assertEquals(200, gateway.client.get(path).putHeader("X-API-Key", cityKey).send().await().statusCode());

    String keyId = cityKey.substring(0, cityKey.indexOf('.'));
    String secret = cityKey.substring(cityKey.indexOf('.') + 1);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gateway.data.resolve("swiftline.db"));
        ResultSet rs = c.createStatement().executeQuery("SELECT hash, salt, iterations FROM department_keys WHERE id = '" + keyId + "'")) {
      assertTrue(rs.next());
      assertFalse(rs.getString(1).contains(secret));
      assertTrue(rs.getInt(3) >= 100_000);
    }

    // a revoked key stops working at once
    String spare = createKey("city-management");
    assertEquals(200, get(spare, path).statusCode());
    assertEquals(204, admin(gateway.client.delete("/api/v1/admin/departments/city-management/keys/"
        + spare.substring(0, spare.indexOf('.')))).send().await().statusCode());
    assertError(401, get(spare, path), "not valid");
    assertEquals(404, admin(gateway.client.delete("/api/v1/admin/departments/transport/keys/"
        + keyId)).send().await().statusCode(), "a key of another department is not found");
  }

  @Test
  void theAdminApiNeedsTheToken() {
    assertError(401, gateway.client.get("/api/v1/admin/appeals").send().await(), "admin token is required");
    assertError(401, gateway.client.get("/api/v1/admin/appeals").putHeader("Authorization", "Bearer nope").send().await(),
        "admin token is wrong");
    assertError(404, admin(gateway.client.post("/api/v1/admin/departments/ministry-of-magic/keys")).send().await(),
        "unknown department");
    try (TestGateway noAdmin = TestGateway.start(TestGateway.repositoryKnowledgeBase())) {
      HttpResponse<Buffer> off = noAdmin.client.post("/api/v1/admin/departments/transport/keys")
          .putHeader("Authorization", "Bearer " + ADMIN).send().await();
      assertError(403, off, "SWIFTLINE_ADMIN_TOKEN");
    }
  }

  @Test
  void badInputIsAClearClientErrorAndChangesNothing() {
    String number = AppealChatTest.number(fileStreetlight("bad-input-citizen").text());
    String base = dept("city-management", "/" + number);
    post(cityKey, base + "/accept", null);
    assertError(400, post(cityKey, base + "/resolve", new JsonObject()), "reply is required");
    assertError(400, post(cityKey, base + "/resolve", new JsonObject().put("reply", 42)), "reply must be a string");
    assertError(400, post(cityKey, base + "/notes", new JsonObject().put("note", "  ")), "note is required");
    assertError(400, post(cityKey, base + "/notes", new JsonObject().put("note", "x".repeat(4001))), "at most 4000");
    assertError(415, gateway.client.post(base + "/notes").putHeader("Authorization", "Bearer " + cityKey)
        .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("note")).await(), "application/json");
    assertError(400, gateway.client.post(base + "/notes").putHeader("Authorization", "Bearer " + cityKey)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"note\":")).await(), "not valid JSON");
    assertError(404, post(cityKey, dept("city-management", "/20991231-999999/accept"), null), "not found");
    assertError(400, get(cityKey, dept("city-management", "?limit=0")), "limit");
    assertError(400, get(cityKey, dept("city-management", "?status=done")), "unknown status");
    JsonObject after = get(cityKey, base).bodyAsJsonObject();
    assertEquals("in_progress", after.getString("status"));
    assertEquals(3, after.getJsonArray("trail").size(), "no trail line from any bad request");
    assertNotNull(after.getString("what"));
  }
}
