package org.swiftline.gateway.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.ChatPerson;
import org.swiftline.gateway.TestGateway;

/**
 * The analytics API on the real server: appeals filed through the chat, moved through their life by the
 * department API, answered and rated by their citizens (in English and Chinese), then counted; similar
 * appeals linked; the CSV export; the questions the bot could not answer; bad periods; the guard.
 */
class AnalyticsApiTest {
  static final String ADMIN = "admin-token-for-analytics-tests-0123";
  static final Pattern NUMBER = Pattern.compile("\\d{8}-\\d{6,}");
  static TestGateway gateway;
  static String cityKey;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase(), Map.of("SWIFTLINE_ADMIN_TOKEN", ADMIN));
    HttpResponse<Buffer> key = admin(gateway.client.post("/api/v1/admin/departments/city-management/keys")).send().await();
    assertEquals(201, key.statusCode(), key.bodyAsString());
    cityKey = key.bodyAsJsonObject().getString("apiKey");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  static HttpRequest<Buffer> admin(HttpRequest<Buffer> request) {
    return request.putHeader("Authorization", "Bearer " + ADMIN);
  }

  static JsonObject analytics(String path) {
    HttpResponse<Buffer> r = admin(gateway.client.get("/api/v1/analytics/" + path)).send().await();
    assertEquals(200, r.statusCode(), path + ": " + r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static HttpResponse<Buffer> department(String method, String path, JsonObject body) {
    HttpRequest<Buffer> r = gateway.client.request(io.vertx.core.http.HttpMethod.valueOf(method),
        "/api/v1/departments/city-management/appeals" + path).putHeader("Authorization", "Bearer " + cityKey);
    HttpResponse<Buffer> response = (body == null ? r.send() : r.sendJsonObject(body)).await();
    assertEquals(200, response.statusCode(), path + ": " + response.bodyAsString());
    return response;
  }

  static String number(String text) {
    Matcher m = NUMBER.matcher(text);
    assertTrue(m.find(), "no appeal number in: " + text);
    return m.group();
  }

  static ChatPerson fileInEnglish(String user, String what) {
    ChatPerson chat = new ChatPerson(gateway, user);
    chat.say("I want to complain");
    chat.say(what);
    while (chat.payloads().contains("appeal:skip")) chat.pick("appeal:skip"); // the questions it could not fill
    chat.pick("appeal:confirm");
    assertEquals("appeal_filed", chat.outcome(), chat.text());
    return chat;
  }

  /** The department accepts and resolves an appeal; the citizen's chat receives the resolution. */
  static void acceptAndResolve(String number) {
    department("POST", "/" + number + "/accept", new JsonObject().put("note", "crew sent"));
    department("POST", "/" + number + "/resolve", new JsonObject().put("reply", "The lamp was replaced."));
  }

  @Test
  void appealsFiledInTheChatAndHandledByTheDepartmentAreCountedRatedAndLinked() {
    // Two people report the same broken streetlight; a third reports it in Chinese.
    ChatPerson ann = fileInEnglish("analytics-ann", "the streetlight on Xinjiekou street in Xicheng has been broken for a week");
    String first = number(ann.text());
    ChatPerson bob = fileInEnglish("analytics-bob", "the streetlight on Xinjiekou street in Xicheng is broken again, it is dark at night");
    String second = number(bob.text());
    assertTrue(bob.text().contains("2 people, you included, have reported this same problem"), bob.text());
    assertFalse(ann.text().contains("people"), "the first report is alone: " + ann.text());

    ChatPerson chen = new ChatPerson(gateway, "analytics-chen");
    chen.say("我要投诉");
    chen.say("西城区新街口大街的路灯坏了一周了，晚上很黑");
    chen.say("不用");
    chen.say("确认");
    assertEquals("appeal_filed", chen.outcome(), chen.text());
    String third = number(chen.text());
    JsonObject thirdAppeal = admin(gateway.client.get("/api/v1/admin/appeals/" + third)).send().await().bodyAsJsonObject();
    if (!"city-management".equals(thirdAppeal.getString("department"))) {
      admin(gateway.client.post("/api/v1/admin/appeals/" + third + "/route"))
          .sendJsonObject(new JsonObject().put("department", "city-management")).await();
    }

    // The department sees that two people reported the same thing.
    JsonObject shown = department("GET", "/" + second, null).bodyAsJsonObject();
    assertEquals(2, shown.getJsonObject("similar").getInteger("count"), shown.encode());
    assertEquals(first, shown.getJsonObject("similar").getString("group"));
    assertEquals(new JsonArray(List.of(first)), shown.getJsonObject("similar").getJsonArray("others"));
    JsonObject listed = department("GET", "?status=dispatched", null).bodyAsJsonObject().getJsonArray("appeals").stream()
        .map(o -> (JsonObject) o).filter(a -> a.getString("number").equals(first)).findFirst().orElseThrow();
    assertEquals(2, listed.getJsonObject("similar").getInteger("count"));

    // Ann: solved, and rates 5 by writing the number.
    acceptAndResolve(first);
    ann.pick("appeal:solved:" + first);
    assertTrue(ann.text().contains("how satisfied are you"), ann.text());
    assertTrue(ann.payloads().containsAll(List.of("appeal:rate:" + first + ":1", "appeal:rate:" + first + ":5")), ann.payloads().toString());
    ann.say("5");
    assertEquals("appeal_status", ann.outcome());
    assertTrue(ann.text().contains("you rated the handling of appeal " + first + " 5 out of 5"), ann.text());

    // Bob: not solved, and rates 2 with the button.
    acceptAndResolve(second);
    bob.pick("appeal:unsolved:" + second);
    assertTrue(bob.text().contains("reopened") && bob.text().contains("how satisfied"), bob.text());
    bob.pick("appeal:rate:" + second + ":2");
    assertTrue(bob.text().contains("2 out of 5"), bob.text());

    // Chen: solved, asked and thanked in Chinese, rates with "4分".
    acceptAndResolve(third);
    chen.pick("appeal:solved:" + third);
    assertTrue(chen.text().contains("满意") && chen.text().contains("1（非常不满意）"), chen.text());
    chen.say("4分");
    assertEquals("appeal_status", chen.outcome());
    assertTrue(chen.text().contains("评价为 4 分"), chen.text());
    assertEquals(4, admin(gateway.client.get("/api/v1/admin/appeals/" + third)).send().await().bodyAsJsonObject()
        .getInteger("satisfaction"));

    // After rating, a lone digit is no rating any more.
    ann.say("3");
    assertFalse(ann.text().contains("out of 5"), ann.text());

    // The figures: 3 verdicts of which 2 solved; ratings 5, 2, 4.
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    String period = "?from=" + today + "&to=" + today;
    JsonObject total = analytics("rates" + period).getJsonObject("total");
    assertEquals(3, total.getInteger("verdicts"), total.encode());
    assertEquals(2, total.getInteger("solved"));
    assertEquals(0.6667, total.getDouble("resolutionRate"));
    assertEquals(3, total.getInteger("ratings"));
    assertEquals(0.6667, total.getDouble("satisfactionRate"));
    assertEquals(3.6667, total.getDouble("meanSatisfaction"));
    assertTrue(total.getInteger("resolved") >= 3, total.encode());

    JsonObject times = analytics("response-times" + period);
    JsonObject firstResponse = times.getJsonObject("firstResponse");
    assertTrue(firstResponse.getInteger("count") >= 3, times.encode());
    assertTrue(firstResponse.getLong("medianSeconds") <= firstResponse.getLong("p90Seconds"), times.encode());
    assertTrue(times.getJsonObject("resolution").getInteger("count") >= 3, times.encode());

    int filed = admin(gateway.client.get("/api/v1/admin/appeals?limit=1000")).send().await().bodyAsJsonObject().getInteger("count");
    JsonObject perDay = analytics("appeals-per-day" + period);
    assertEquals(filed, perDay.getInteger("total"));
    JsonObject streetlights = perDay.getJsonArray("categories").stream().map(o -> (JsonObject) o)
        .filter(c -> "streetlights".equals(c.getString("category"))).findFirst().orElseThrow();
    assertEquals("Streetlights", streetlights.getString("name"));
    assertTrue(streetlights.getInteger("total") >= 3, perDay.encode());
    assertEquals(filed, analytics("breakdown" + period + "&by=district").getInteger("total"));

    JsonObject pain = analytics("pain-points" + period);
    JsonObject place = pain.getJsonArray("places").getJsonObject(0);
    assertEquals("streetlights", place.getString("category"), pain.encode());
    assertEquals("xicheng", place.getString("district"));
    assertEquals("Xicheng", place.getString("districtName"));
    JsonObject cluster = pain.getJsonArray("clusters").getJsonObject(0);
    assertEquals(first, cluster.getString("cluster"));
    assertEquals(2, cluster.getInteger("count"));
    assertEquals("the streetlight on Xinjiekou street in Xicheng has been broken for a week", cluster.getString("what"));
    assertEquals("Xicheng", cluster.getJsonArray("districts").getJsonObject(0).getString("name"));
    JsonObject chinese = analytics("pain-points" + period + "&lang=zh").getJsonArray("places").getJsonObject(0);
    assertEquals("西城区", chinese.getString("districtName"));
  }

  @Test
  void exportsThePeriodAsCsvWithFormulasDefusedAndNoPersonalData() {
    HttpResponse<Buffer> key = admin(gateway.client.post("/api/v1/admin/open311/keys")).send().await();
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    form.add("api_key", key.bodyAsJsonObject().getString("apiKey")).add("service_code", "streetlights")
        .add("description", "=HYPERLINK(\"http://evil.example\",\"click\"), call 13800138000")
        .add("address_string", "Gulou Street, Dongcheng").add("phone", "13900001111");
    HttpResponse<Buffer> created = gateway.client.post("/open311/v2/requests.json").sendForm(form).await();
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String number = created.bodyAsJsonArray().getJsonObject(0).getString("service_request_id");

    HttpResponse<Buffer> csv = admin(gateway.client.get("/api/v1/analytics/appeals.csv")).send().await();
    assertEquals(200, csv.statusCode(), csv.bodyAsString());
    assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"), csv.getHeader("Content-Type"));
    assertTrue(csv.getHeader("Content-Disposition").startsWith("attachment; filename=\"appeals-"));
    String body = csv.bodyAsString("UTF-8");
    assertTrue(body.startsWith("\uFEFFnumber,filed_at,status,category,category_name,department,district,language,what,"), body);
    String row = body.lines().filter(l -> l.startsWith(number)).findFirst().orElseThrow();
    assertTrue(row.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\"), call [number removed]\","), row);
    assertTrue(row.contains(",\"Gulou Street, Dongcheng\","), row);
    assertFalse(body.contains("13900001111") || body.contains("13800138000") || body.contains("open311"), body);
    assertTrue(body.endsWith("\r\n"));
    int appeals = admin(gateway.client.get("/api/v1/admin/appeals?limit=1000")).send().await().bodyAsJsonObject().getInteger("count");
    assertEquals(appeals + 1, body.split("\r\n").length, "a header and one line per appeal");

    // an administrator may ask for the personal data explicitly
    String personal = admin(gateway.client.get("/api/v1/analytics/appeals.csv?personal=true")).send().await().bodyAsString("UTF-8");
    assertTrue(personal.lines().findFirst().orElseThrow().endsWith(",similar_group,phone,channel,user_id"), personal);
    String full = personal.lines().filter(l -> l.startsWith(number)).findFirst().orElseThrow();
    assertTrue(full.contains("call 13800138000") && full.contains(",open311,"), full);
  }

  @Test
  void groupsTheQuestionsTheBotCouldNotAnswer() {
    ChatPerson asker = new ChatPerson(gateway, "analytics-gaps");
    for (String question : List.of("where can I buy a peking duck", "Where can I buy a Peking duck?",
        "where to buy peking duck", "how do I train my parrot to talk")) {
      asker.say(question);
      assertEquals("no_answer", asker.outcome(), question + ": " + asker.text());
    }
    asker.say("how do I extend my visa?");
    assertEquals("answered", asker.outcome());
    JsonObject gaps = analytics("knowledge-gaps");
    assertTrue(gaps.getInteger("questions") >= 4, gaps.encode());
    JsonObject duck = gaps.getJsonArray("groups").getJsonObject(0);
    assertEquals(3, duck.getInteger("count"), gaps.encodePrettily());
    assertEquals("where can i buy a peking duck", duck.getString("question").toLowerCase().replace("?", ""),
        "the most frequent wording (twice, in two spellings), as most recently written");
    assertNotNull(duck.getString("lastAsked"));
    assertFalse(gaps.encode().contains("analytics-gaps") || gaps.encode().contains(asker.conversationId), "no who or where");
    assertFalse(gaps.encode().contains("extend my visa"), "answered questions are no gap");
  }

  @Test
  void badPeriodsAndParametersGet400() {
    for (String bad : List.of("rates?from=2026-02-30", "rates?from=yesterday", "rates?from=2026-11-05&to=2026-11-01",
        "appeals-per-day?from=2020-01-01&to=2026-01-01", "pain-points?limit=0", "pain-points?limit=many",
        "knowledge-gaps?limit=1000", "breakdown?by=colour", "rates?lang=%21%21", "appeals.csv?to=2026-1-1")) {
      HttpResponse<Buffer> r = admin(gateway.client.get("/api/v1/analytics/" + bad)).send().await();
      assertEquals(400, r.statusCode(), bad + ": " + r.bodyAsString());
      assertTrue(r.getHeader("Content-Type").startsWith("application/json"), bad);
      assertNotNull(r.bodyAsJsonObject().getString("error"), bad);
    }
    HttpResponse<Buffer> r = admin(gateway.client.get("/api/v1/analytics/rates?from=2026-13-01")).send().await();
    assertTrue(r.bodyAsJsonObject().getString("error").contains("from must be an ISO date"), r.bodyAsString());
  }

  @Test
  void theGuardRefusesRequestsWithoutTheTokenAnd403WhenNoTokenIsConfigured() {
    for (String path : List.of("rates", "appeals-per-day", "pain-points", "response-times", "knowledge-gaps", "appeals.csv",
        "breakdown")) {
      HttpResponse<Buffer> none = gateway.get("/api/v1/analytics/" + path);
      assertEquals(401, none.statusCode(), path);
      assertEquals("Bearer", none.getHeader("WWW-Authenticate"));
      HttpResponse<Buffer> wrong = gateway.client.get("/api/v1/analytics/" + path)
          .putHeader("Authorization", "Bearer not-the-admin-token-at-all").send().await();
      assertEquals(401, wrong.statusCode(), path);
      assertTrue(wrong.bodyAsJsonObject().getString("error").contains("wrong"));
      HttpResponse<Buffer> departmentKey = gateway.client.get("/api/v1/analytics/" + path)
          .putHeader("Authorization", "Bearer " + cityKey).send().await();
      assertEquals(401, departmentKey.statusCode(), "a department key is no admin token: " + path);
    }
    try (TestGateway closed = TestGateway.start(TestGateway.repositoryKnowledgeBase())) {
      HttpResponse<Buffer> r = closed.client.get("/api/v1/analytics/rates").putHeader("Authorization", "Bearer " + ADMIN).send().await();
      assertEquals(403, r.statusCode(), r.bodyAsString());
      assertTrue(r.bodyAsJsonObject().getString("error").contains("SWIFTLINE_ADMIN_TOKEN"));
    }
  }

  @Test
  void theStandalonePageAndChartJsAreServedFromTheGateway() {
    HttpResponse<Buffer> page = gateway.get("/console/analytics.html");
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("<section id=\"charts\""));
    assertNotNull(page.getHeader("Content-Security-Policy"));
    HttpResponse<Buffer> charts = gateway.get("/console/charts.js");
    assertEquals(200, charts.statusCode());
    assertTrue(charts.getHeader("Content-Type").contains("javascript"), charts.getHeader("Content-Type"));
    assertFalse(charts.bodyAsString().contains("innerHTML"), "no HTML parsing of data");
    HttpResponse<Buffer> chartJs = gateway.get("/vendor/chart.js/chart.umd.js");
    assertEquals(200, chartJs.statusCode());
    assertTrue(chartJs.bodyAsString().startsWith("/*!\n * Chart.js v4"), "vendored Chart.js");
  }

  @Test
  void withATimeZoneTheDaysAreLocalDays() {
    // 20:00 UTC on 28 November is 04:00 on the 29th in Beijing
    java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-11-28T20:00:00Z"), ZoneOffset.UTC);
    try (TestGateway beijing = TestGateway.start(TestGateway.repositoryKnowledgeBase(), TestGateway.newData(),
        Map.of("SWIFTLINE_ADMIN_TOKEN", ADMIN, "SWIFTLINE_TIME_ZONE", "Asia/Shanghai"), clock)) {
      HttpResponse<Buffer> key = beijing.client.post("/api/v1/admin/open311/keys").putHeader("Authorization", "Bearer " + ADMIN)
          .send().await();
      MultiMap form = MultiMap.caseInsensitiveMultiMap();
      form.add("api_key", key.bodyAsJsonObject().getString("apiKey")).add("service_code", "streetlights")
          .add("description", "the streetlight by the gate is out").add("address_string", "Gulou Street, Dongcheng");
      assertEquals(201, beijing.client.post("/open311/v2/requests.json").sendForm(form).await().statusCode());
      java.util.function.Function<String, JsonObject> get = path -> {
        HttpResponse<Buffer> r = beijing.client.get("/api/v1/analytics/" + path).putHeader("Authorization", "Bearer " + ADMIN).send().await();
        assertEquals(200, r.statusCode(), path + ": " + r.bodyAsString());
        return r.bodyAsJsonObject();
      };
      JsonObject lastDays = get.apply("appeals-per-day");
      assertEquals("2026-11-29", lastDays.getString("to"), "today is Beijing's");
      assertEquals(1, lastDays.getInteger("total"));
      JsonArray counts = lastDays.getJsonArray("categories").getJsonObject(0).getJsonArray("counts");
      assertEquals(1, counts.getInteger(counts.size() - 1), "filed on the 29th");
      assertEquals(1, get.apply("rates?from=2026-11-29&to=2026-11-29").getJsonObject("total").getInteger("filed"));
      assertEquals(0, get.apply("rates?from=2026-11-28&to=2026-11-28").getJsonObject("total").getInteger("filed"),
          "the 28th in Beijing ended at 16:00 UTC");
    }
  }
}
