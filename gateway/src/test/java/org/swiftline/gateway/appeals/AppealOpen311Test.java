package org.swiftline.gateway.appeals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.ChatPerson;
import org.swiftline.gateway.TestGateway;
import org.w3c.dom.Document;

/** The Open311 GeoReport v2 API over the appeals, against the real server. */
class AppealOpen311Test {
  static final String ADMIN = "admin-token-for-open311-tests-42";
  static TestGateway gateway;
  static String clientKey;
  static String cityKey;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase(), Map.of("SWIFTLINE_ADMIN_TOKEN", ADMIN));
    HttpResponse<Buffer> r = gateway.client.post("/api/v1/admin/open311/keys")
        .putHeader("Authorization", "Bearer " + ADMIN).send().await();
    assertEquals(201, r.statusCode(), r.bodyAsString());
    clientKey = r.bodyAsJsonObject().getString("apiKey");
    cityKey = AppealDepartmentApiTestKeys.create(gateway, ADMIN, "city-management");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  /** Creates department keys for tests that need one. */
  static final class AppealDepartmentApiTestKeys {
    static String create(TestGateway on, String admin, String department) {
      HttpResponse<Buffer> r = on.client.post("/api/v1/admin/departments/" + department + "/keys")
          .putHeader("Authorization", "Bearer " + admin).send().await();
      assertEquals(201, r.statusCode(), r.bodyAsString());
      return r.bodyAsJsonObject().getString("apiKey");
    }
  }

  static HttpResponse<Buffer> post(MultiMap form) {
    return gateway.client.post("/open311/v2/requests.json").sendForm(form).await();
  }

  static MultiMap form(String... pairs) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) form.add(pairs[i], pairs[i + 1]);
    return form;
  }

  static void assertSpecError(int code, HttpResponse<Buffer> r, String contains) {
    assertEquals(code, r.statusCode(), r.bodyAsString());
    JsonArray errors = r.bodyAsJsonArray();
    assertEquals(code, errors.getJsonObject(0).getInteger("code"));
    assertTrue(errors.getJsonObject(0).getString("description").contains(contains), r.bodyAsString());
  }

  static Document xml(HttpResponse<Buffer> r) throws Exception {
    assertTrue(r.getHeader("Content-Type").startsWith("text/xml"), r.getHeader("Content-Type"));
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(r.body().getBytes()));
  }

  @Test
  void listsTheCategoriesAsServicesInJsonAndXml() throws Exception {
    JsonArray services = gateway.get("/open311/v2/services.json").bodyAsJsonArray();
    assertEquals(35, services.size());
    JsonObject streetlights = services.stream().map(o -> (JsonObject) o)
        .filter(s -> s.getString("service_code").equals("streetlights")).findFirst().orElseThrow();
    assertEquals("Streetlights", streetlights.getString("service_name"));
    assertEquals(false, streetlights.getBoolean("metadata"));
    assertEquals("batch", streetlights.getString("type"));
    Document doc = xml(gateway.get("/open311/v2/services.xml"));
    assertEquals("services", doc.getDocumentElement().getNodeName());
    assertEquals(35, doc.getElementsByTagName("service").getLength());
    JsonObject definition = gateway.get("/open311/v2/services/noise.json").bodyAsJsonObject();
    assertEquals("noise", definition.getString("service_code"));
    assertEquals(0, definition.getJsonArray("attributes").size());
    assertEquals("service_definition", xml(gateway.get("/open311/v2/services/noise.xml")).getDocumentElement().getNodeName());
    assertSpecError(404, gateway.get("/open311/v2/services/unicorns.json"), "unknown service_code");
  }

  @Test
  void postsARequestWithAnApiKeyAndReadsItBackWithoutPersonalData() throws Exception {
    HttpResponse<Buffer> created = post(form("api_key", clientKey, "service_code", "streetlights",
        "description", "Lamp post 12 is dark; call me on 13800138000", "address_string", "Gulou Street, Dongcheng",
        "phone", "13800138000", "first_name", "Ann"));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    String id = created.bodyAsJsonArray().getJsonObject(0).getString("service_request_id");
    assertTrue(id.matches("\\d{8}-\\d{6}"), id);

    JsonObject request = gateway.get("/open311/v2/requests/" + id + ".json").bodyAsJsonArray().getJsonObject(0);
    assertEquals(id, request.getString("service_request_id"));
    assertEquals("open", request.getString("status"));
    assertEquals("streetlights", request.getString("service_code"));
    assertEquals("Beijing Municipal Commission of City Management", request.getString("agency_responsible"));
    assertEquals("Gulou Street, Dongcheng", request.getString("address"));
    assertTrue(request.getString("status_notes").startsWith("dispatched"), request.getString("status_notes"));
    assertFalse(request.encode().contains("13800138000"), "no phone number: " + request.encode());
    assertFalse(request.encode().contains("Ann"), request.encode());
    assertTrue(request.getString("requested_datetime").endsWith("Z"));

    Document doc = xml(gateway.get("/open311/v2/requests/" + id + ".xml"));
    assertEquals("service_requests", doc.getDocumentElement().getNodeName());
    assertEquals(id, doc.getElementsByTagName("service_request_id").item(0).getTextContent());

    // a department resolves it: closed, with the detailed status in status_notes
    var base = "/api/v1/departments/city-management/appeals/" + id;
    gateway.client.post(base + "/accept").putHeader("Authorization", "Bearer " + cityKey).send().await();
    gateway.client.post(base + "/resolve").putHeader("Authorization", "Bearer " + cityKey)
        .sendJsonObject(new JsonObject().put("reply", "Replaced the lamp.")).await();
    JsonObject resolved = gateway.get("/open311/v2/requests/" + id + ".json").bodyAsJsonArray().getJsonObject(0);
    assertEquals("closed", resolved.getString("status"));
    assertTrue(resolved.getString("status_notes").startsWith("resolved"), resolved.getString("status_notes"));
  }

  @Test
  void appealsFiledInTheChatShowNoPhoneAndNoChannelIdentity() {
    ChatPerson chat = new ChatPerson(gateway, "open311-citizen-4711");
    chat.say("I want to complain");
    chat.say("the streetlight on Xinjiekou street in Xicheng has been broken for a week, my number is 13911112222");
    chat.pick("appeal:consent:yes");
    chat.pick("appeal:confirm");
    String number = AppealChatTest.number(chat.text());
    JsonObject request = gateway.get("/open311/v2/requests.json?service_request_id=" + number).bodyAsJsonArray().getJsonObject(0);
    assertFalse(request.encode().contains("13911112222"), request.encode());
    assertFalse(request.encode().contains("open311-citizen-4711"), request.encode());
    assertTrue(request.getString("description").contains("[number removed]"), request.getString("description"));
  }

  @Test
  void filtersRequestsByIdServiceStatusAndDate() {
    String noise = post(form("api_key", clientKey, "service_code", "noise", "description", "drilling at night",
        "lat", "39.94", "long", "116.40")).bodyAsJsonArray().getJsonObject(0).getString("service_request_id");
    String heating = post(form("api_key", clientKey, "service_code", "heating", "description", "radiators cold",
        "address_string", "3 Anding Road")).bodyAsJsonArray().getJsonObject(0).getString("service_request_id");

    JsonArray both = gateway.get("/open311/v2/requests.json?service_request_id=" + noise + "," + heating).bodyAsJsonArray();
    assertEquals(2, both.size());
    JsonArray onlyNoise = gateway.get("/open311/v2/requests.json?service_code=noise").bodyAsJsonArray();
    assertTrue(onlyNoise.stream().allMatch(r -> ((JsonObject) r).getString("service_code").equals("noise")));
    assertTrue(onlyNoise.stream().anyMatch(r -> ((JsonObject) r).getString("service_request_id").equals(noise)));
    JsonArray open = gateway.get("/open311/v2/requests.json?status=open&service_code=noise,heating").bodyAsJsonArray();
    assertEquals(2, open.stream().filter(r -> Set.of(noise, heating).contains(((JsonObject) r).getString("service_request_id"))).count());
    assertEquals(0, gateway.get("/open311/v2/requests.json?status=closed&service_code=heating").bodyAsJsonArray().size());
    assertEquals(0, gateway.get("/open311/v2/requests.json?end_date=2020-01-01T00:00:00Z").bodyAsJsonArray().size());
    assertTrue(gateway.get("/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z").bodyAsJsonArray().size() >= 2);
    assertSpecError(400, gateway.get("/open311/v2/requests.json?start_date=yesterday"), "start_date");
    assertSpecError(400, gateway.get("/open311/v2/requests.json?status=pending"), "open or closed");
  }

  @Test
  void errorsUseTheSpecFormat() throws Exception {
    assertSpecError(403, post(form("service_code", "noise", "description", "x", "address_string", "y")), "api_key is required");
    assertSpecError(403, post(form("api_key", "abcdefgh12.nope", "service_code", "noise", "description", "x",
        "address_string", "y")), "api_key is not valid");
    assertSpecError(400, post(form("api_key", clientKey, "description", "x", "address_string", "y")), "service_code is required");
    assertSpecError(404, post(form("api_key", clientKey, "service_code", "unicorns", "description", "x",
        "address_string", "y")), "unknown service_code");
    assertSpecError(400, post(form("api_key", clientKey, "service_code", "noise", "description", "x")), "location is required");
    assertSpecError(400, post(form("api_key", clientKey, "service_code", "noise", "description", "x", "lat", "north",
        "long", "1")), "decimal degrees");
    assertSpecError(404, gateway.get("/open311/v2/requests/20991231-999999.json"), "no service request");
    assertSpecError(404, gateway.get("/open311/v2/requests/robots.json"), "no service request");
    HttpResponse<Buffer> xmlError = gateway.get("/open311/v2/requests/20991231-999999.xml");
    assertEquals(404, xmlError.statusCode());
    Document doc = xml(xmlError);
    assertEquals("errors", doc.getDocumentElement().getNodeName());
    assertEquals("404", doc.getElementsByTagName("code").item(0).getTextContent());
    assertSpecError(404, gateway.get("/open311/v2/discovery.json"), "no such Open311 resource");
    // an Open311 client's key does not open the department API
    HttpResponse<Buffer> asDepartment = gateway.client.get("/api/v1/departments/open311/appeals")
        .putHeader("Authorization", "Bearer " + clientKey).send().await();
    assertEquals(404, asDepartment.statusCode(), asDepartment.bodyAsString());
  }
}
