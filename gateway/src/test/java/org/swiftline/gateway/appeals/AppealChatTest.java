package org.swiftline.gateway.appeals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.ChatPerson;
import org.swiftline.gateway.TestGateway;

/** Every path of the appeal conversation, through the chat API of the real server on a real SQLite file. */
class AppealChatTest {
  static final Pattern NUMBER = Pattern.compile("\\d{8}-\\d{6,}");
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  static Map<String, Object> row(TestGateway on, String number) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + on.data.resolve("swiftline.db"));
        PreparedStatement ps = c.prepareStatement(
            "SELECT what, district, address, when_text, phone, phone_consent, status, department, category, user_id,"
                + " (SELECT COUNT(*) FROM appeal_audit WHERE number = appeals.number) FROM appeals WHERE number = ?")) {
      ps.setString(1, number);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return null;
        Map<String, Object> row = new java.util.HashMap<>();
        String[] names = {"what", "district", "address", "when", "phone", "consent", "status", "department", "category", "user", "audit"};
        for (int i = 0; i < names.length; i++) {
          Object v = rs.getObject(i + 1);
          if (v != null) row.put(names[i], v);
        }
        return row;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long appealCount(TestGateway on) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + on.data.resolve("swiftline.db"));
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM appeals")) {
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String number(String text) {
    Matcher m = NUMBER.matcher(text);
    assertTrue(m.find(), "no appeal number in: " + text);
    return m.group();
  }

  @Test
  void collectsOneQuestionAtATimeConfirmsAndFilesWithANumber() {
    ChatPerson chat = new ChatPerson(gateway, "step-by-step");
    chat.say("I want to complain");
    assertEquals("appeal_collecting", chat.outcome());
    assertEquals("en", chat.last.getString("language"));
    assertTrue(chat.text().contains("what happened"), chat.text());
    assertTrue(chat.payloads().contains("appeal:cancel"));

    chat.say("The streetlight outside our building is broken and the street is completely dark at night");
    assertTrue(chat.text().contains("Where is it?"), chat.text());

    chat.say("5 Xinjiekou Street, Xicheng");
    assertTrue(chat.text().contains("When did it happen"), chat.text());

    chat.say("since last Monday");
    assertTrue(chat.text().contains("phone number"), chat.text());
    assertTrue(chat.payloads().contains("appeal:skip"));

    chat.say("13800138000");
    assertTrue(chat.text().contains("13800138000"), chat.text());
    assertEquals(List.of("appeal:consent:yes", "appeal:consent:no", "appeal:cancel"), chat.payloads());

    chat.pick("appeal:consent:yes");
    String summary = chat.text();
    assertTrue(summary.contains("The streetlight outside our building"), summary);
    assertTrue(summary.contains("Xicheng, 5 Xinjiekou Street"), summary);
    assertTrue(summary.contains("since last Monday"), summary);
    assertTrue(summary.contains("13800138000"), summary);
    assertEquals(List.of("appeal:confirm", "appeal:edit", "appeal:cancel"), chat.payloads());
    long before = appealCount(gateway);
    assertEquals(before, appealCount(gateway), "nothing is filed before the confirmation");

    chat.pick("appeal:confirm");
    assertEquals("appeal_filed", chat.outcome());
    String number = number(chat.text());
    assertTrue(number.matches("\\d{8}-\\d{6}"), number);
    Map<String, Object> row = row(gateway, number);
    assertEquals("xicheng", row.get("district"));
    assertEquals("5 Xinjiekou Street", row.get("address"));
    assertEquals("since last Monday", row.get("when"));
    assertEquals("13800138000", row.get("phone"));
    assertEquals(1, row.get("consent"));
    assertEquals("streetlights", row.get("category"));
    assertEquals("dispatched", row.get("status"));
    assertEquals("city-management", row.get("department"));
    assertEquals("step-by-step", row.get("user"));
    assertEquals(2, row.get("audit"), "received, then routed");
    assertTrue(chat.text().contains("Beijing Municipal Commission of City Management"), chat.text());
  }

  @Test
  void freeTextThatHoldsSeveralPartsSkipsTheirQuestions() {
    ChatPerson chat = new ChatPerson(gateway, "free-text");
    chat.say("what is the best peking duck restaurant near the lama temple");
    assertEquals("no_answer", chat.outcome());
    chat.pick("request:appeal");
    assertEquals("appeal_collecting", chat.outcome());
    chat.say("The streetlight on Xinjiekou street in Xicheng has been broken for a week");
    assertTrue(chat.text().contains("phone number"), "where and when were given: " + chat.text());
    chat.pick("appeal:skip");
    assertTrue(chat.text().contains("Xicheng, Xinjiekou street"), chat.text());
    assertTrue(chat.text().contains("for a week"), chat.text());
    assertTrue(chat.text().contains("Call-back phone:** none"), chat.text());
    chat.say("yes");
    assertEquals("appeal_filed", chat.outcome());
    Map<String, Object> row = row(gateway, number(chat.text()));
    assertNull(row.get("phone"));
    assertEquals(0, row.get("consent"));
  }

  @Test
  void collectsInChineseAndAcknowledgesInChinese() {
    ChatPerson chat = new ChatPerson(gateway, "zh-appeal");
    chat.say("我要投诉");
    assertEquals("zh", chat.last.getString("language"));
    assertTrue(chat.text().contains("发生了什么"), chat.text());
    chat.say("西城区新街口大街的路灯坏了一周了，晚上很黑");
    assertTrue(chat.text().contains("电话号码"), chat.text());
    chat.say("不用");
    assertTrue(chat.text().contains("请核对您的诉求"), chat.text());
    assertTrue(chat.text().contains("**地点：** 西城区新街口大街\n"), chat.text());
    chat.say("确认");
    assertEquals("appeal_filed", chat.outcome());
    assertTrue(chat.text().contains("编号"), chat.text());
    Map<String, Object> row = row(gateway, number(chat.text()));
    assertEquals("streetlights", row.get("category"));
    assertEquals("一周了", row.get("when"));
  }

  @Test
  void cancelAtAnyStepFilesNothingAndTheChatGoesOn() {
    ChatPerson chat = new ChatPerson(gateway, "canceller");
    chat.say("I want to complain");
    chat.say("loud music from the bar every night");
    assertEquals("appeal_collecting", chat.outcome());
    long before = appealCount(gateway);
    chat.say("cancel");
    assertEquals("appeal_cancelled", chat.outcome());
    assertTrue(chat.text().contains("nothing was filed"), chat.text());
    assertEquals(before, appealCount(gateway));
    chat.say("how can I extend my visa?");
    assertEquals("answered", chat.outcome(), "back to answering questions");

    ChatPerson button = new ChatPerson(gateway, "canceller-2");
    button.say("我要投诉");
    button.pick("appeal:cancel");
    assertEquals("appeal_cancelled", button.outcome());
    assertTrue(button.text().contains("已取消"), button.text());
  }

  @Test
  void correctionsAtTheSummaryByFreeTextOrByPickingAPart() {
    ChatPerson chat = new ChatPerson(gateway, "corrector");
    chat.say("I want to complain");
    chat.say("garbage has not been collected at 12 Gulou Street in Dongcheng for three days");
    chat.pick("appeal:skip");
    assertTrue(chat.text().contains("Dongcheng, 12 Gulou Street"), chat.text());

    // a correction in free text replaces that part and shows the summary again
    chat.say("sorry, it is at 14 Gulou Street");
    assertEquals("appeal_collecting", chat.outcome());
    assertTrue(chat.text().contains("Dongcheng, 14 Gulou Street"), chat.text());

    // or: change something -> when -> new answer -> summary
    chat.pick("appeal:edit");
    assertEquals(List.of("appeal:edit:what", "appeal:edit:where", "appeal:edit:when", "appeal:edit:phone", "appeal:cancel"),
        chat.payloads());
    chat.pick("appeal:edit:when");
    assertTrue(chat.text().contains("When did it happen"), chat.text());
    chat.say("since Friday morning");
    assertTrue(chat.text().contains("since Friday morning"), chat.text());
    assertTrue(chat.text().contains("Shall I file it?"), chat.text());

    // something that is neither a choice nor a correction asks again
    chat.say("hmm");
    assertTrue(chat.text().contains("Please choose"), chat.text());
    chat.pick("appeal:confirm");
    assertEquals("appeal_filed", chat.outcome());
    Map<String, Object> row = row(gateway, number(chat.text()));
    assertEquals("14 Gulou Street", row.get("address"));
    assertEquals("since Friday morning", row.get("when"));
    assertEquals("waste-sanitation", row.get("category"));
  }

  @Test
  void aNumberWithoutConsentIsNotKept() {
    ChatPerson chat = new ChatPerson(gateway, "no-consent");
    chat.say("I want to complain");
    chat.say("a lamp post was knocked over by a truck on Jingshun Road in Chaoyang yesterday, wires are exposed");
    chat.say("my number is +86 138 0013 8000");
    assertTrue(chat.text().contains("+86 138 0013 8000"), chat.text());
    chat.say("no");
    assertTrue(chat.text().contains("Call-back phone:** none"), chat.text());
    chat.pick("appeal:confirm");
    Map<String, Object> row = row(gateway, number(chat.text()));
    assertNull(row.get("phone"));
    assertEquals(0, row.get("consent"));
  }

  @Test
  void theQuestionsFollowTheLanguageThePersonSwitchesTo() {
    ChatPerson chat = new ChatPerson(gateway, "switcher");
    chat.say("I want to complain");
    assertTrue(chat.text().contains("what happened"));
    chat.say("楼上装修天天电钻响，吵得没法休息");
    assertEquals("zh", chat.last.getString("language"));
    assertTrue(chat.text().codePoints().anyMatch(Character::isIdeographic), chat.text());
    chat.say("cancel");
    assertEquals("appeal_cancelled", chat.outcome());
  }

  @Test
  void anOldButtonDuringCollectionRepeatsTheQuestion() {
    ChatPerson chat = new ChatPerson(gateway, "old-button");
    chat.say("I want to complain");
    chat.say("water has been off in our building since this morning");
    String question = chat.text();
    chat.send("File the appeal", "appeal:confirm");
    assertEquals("appeal_collecting", chat.outcome());
    assertEquals(question, chat.text(), "the same question again");
  }

  @Test
  void anAppealTheClassifierIsUnsureOfGoesToTriage() {
    ChatPerson chat = new ChatPerson(gateway, "unsure");
    chat.say("I want to complain");
    chat.say("zxq blorp fnord");
    chat.say("Haidian");
    chat.pick("appeal:skip");
    chat.pick("appeal:skip");
    chat.pick("appeal:confirm");
    assertEquals("appeal_filed", chat.outcome());
    assertTrue(chat.text().contains("Our staff will pass it"), chat.text());
    Map<String, Object> row = row(gateway, number(chat.text()));
    assertEquals("received", row.get("status"));
    assertNull(row.get("department"));
    assertEquals("haidian", row.get("district"));
  }

  @Test
  void statusShowsOnlyThePersonsOwnAppeals() {
    ChatPerson ann = new ChatPerson(gateway, "status-ann");
    ann.say("I want to complain");
    ann.say("the heating in our flat at 3 Anding Road in Dongcheng has been cold for a week");
    ann.pick("appeal:skip");
    ann.pick("appeal:confirm");
    String annsNumber = number(ann.text());

    ChatPerson ben = new ChatPerson(gateway, "status-ben");
    ben.say("status");
    assertEquals("appeal_status", ben.outcome());
    assertTrue(ben.text().contains("no appeals"), ben.text());
    ben.say(annsNumber);
    assertEquals("appeal_status", ben.outcome());
    assertTrue(ben.text().contains("cannot find appeal " + annsNumber), ben.text());
    assertFalse(ben.text().toLowerCase().contains("heating"), "nothing about someone else's appeal");

    ChatPerson annLater = new ChatPerson(gateway, "status-ann");
    annLater.say("my appeals");
    assertEquals("appeal_status", annLater.outcome());
    assertTrue(annLater.text().contains(annsNumber), annLater.text());
    assertTrue(annLater.text().contains("Heating"), annLater.text());
    annLater.say("what is the status of appeal " + annsNumber + "?");
    assertTrue(annLater.text().contains(annsNumber), annLater.text());
    assertTrue(annLater.text().contains("sent to"), annLater.text());
    annLater.say("我的诉求");
    assertEquals("zh", annLater.last.getString("language"));
    assertTrue(annLater.text().contains("您的诉求"), annLater.text());
  }

  @Test
  void aConfirmationThatArrivesTwiceFilesOnce() {
    ChatPerson chat = new ChatPerson(gateway, "double-click");
    chat.say("I want to complain");
    chat.say("the bus driver on route 52 near Xidan station was rude to passengers this morning");
    assertTrue(chat.text().contains("Which district"), chat.text());
    chat.pick("appeal:skip");
    chat.pick("appeal:skip");
    assertTrue(chat.text().contains("Shall I file it?"), chat.text());
    long before = appealCount(gateway);
    JsonObject body = new JsonObject().put("userId", "double-click").put("conversationId", chat.conversationId)
        .put("text", "File the appeal").put("payload", "appeal:confirm");
    var first = gateway.client.post("/api/v1/chat").sendJsonObject(body);
    var second = gateway.client.post("/api/v1/chat").sendJsonObject(body);
    String firstText = first.await().bodyAsJsonObject().encode();
    second.await();
    assertEquals(before + 1, appealCount(gateway));
    number(firstText);
  }

  @Test
  void anUnfinishedAppealSurvivesARestartOfTheGateway() {
    java.nio.file.Path data;
    String conversationId;
    try (TestGateway first = TestGateway.start(TestGateway.repositoryKnowledgeBase())) {
      ChatPerson chat = new ChatPerson(first, "restarter");
      chat.say("I want to complain");
      chat.say("a tree fell on the bike path along the canal near Jishuitan");
      data = first.data;
      conversationId = chat.conversationId;
    }
    try (TestGateway second = TestGateway.start(TestGateway.repositoryKnowledgeBase(), data, Map.of())) {
      ChatPerson chat = new ChatPerson(second, "restarter");
      chat.conversationId = conversationId;
      chat.say("Xicheng");
      assertEquals("appeal_collecting", chat.outcome());
      assertTrue(chat.text().contains("When did it happen"), chat.text());
      chat.say("yesterday evening");
      chat.pick("appeal:skip");
      assertTrue(chat.text().contains("a tree fell"), chat.text());
      chat.pick("appeal:confirm");
      assertEquals("appeal_filed", chat.outcome());
      assertEquals("xicheng", row(second, number(chat.text())).get("district"));
    }
  }
}
