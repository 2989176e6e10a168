package org.swiftline.gateway.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.Outbound;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.bots.wechat.WechatMapping;
import org.swiftline.gateway.TestGateway;
import org.swiftline.gateway.channels.LocalWechatApi.Call;

/**
 * WeChat answers that are not ready within the reply budget (here zero, so every answer is one): the
 * response is {@code success} and the answer goes through the customer-service API of
 * {@link LocalWechatApi}, which fails in the ways WeChat does: an invalid or expired access token, system
 * busy, the 48-hour window closed, timeouts, and answers that are not JSON.
 */
class WechatCustomerServiceTest {
  static LocalWechatApi api;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    api = new LocalWechatApi();
    Map<String, String> env = new HashMap<>(api.settings());
    env.put("SWIFTLINE_WECHAT_REPLY_BUDGET_MS", "0");
    env.put("SWIFTLINE_WECHAT_API_TIMEOUT_MS", "1000");
    gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase(), env);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    api.close();
  }

  /** Posts a text message as WeChat does; returns WeChat's response body. */
  static String write(String openId, String text) {
    String xml = WechatChannelTest.textXml(openId, text, WechatChannelTest.MSG_IDS.incrementAndGet());
    var r = WechatChannelTest.post(gateway, xml, LocalWechatApi.TOKEN);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsString();
  }

  static Outbound notice(String openId, String text) {
    return new Outbound(new ChannelIdentity("wechat", openId), "conversation-of-" + openId,
        List.of(new TranscriptEntry(3, "operator", text, List.of(), "en", Instant.now())));
  }

  @Test
  void aSlowAnswerIsAcknowledgedAndSentThroughTheCustomerServiceApi() {
    String openId = "oCustomSlow00000000000000001";
    assertEquals(WechatMapping.SUCCESS, write(openId, "how can I extend my visa?"));
    Call sent = api.awaitDelivered(openId, 1).get(0);
    assertTrue(sent.text().contains("Exit and Entry Administration"), sent.text());
    assertTrue(sent.text().endsWith("\n\n1. That helped\n2. That didn't help\nReply with the number of your choice."), sent.text());
    assertEquals("text", sent.body().getString("msgtype"));
    assertTrue(sent.query().get("access_token").startsWith("ACCESS_TOKEN_"));
    assertFalse(api.calls("token").isEmpty(), "the token was fetched (at start-up)");

    // the number typed back is understood on this path too
    assertEquals(WechatMapping.SUCCESS, write(openId, "1"));
    assertTrue(api.awaitDelivered(openId, 2).get(1).text().length() > 0);
    assertEquals("feedback_recorded", WechatChannelTest.botEntries(gateway, openId).get(1).get(0));
  }

  @Test
  void aRevokedOrExpiredTokenIsFetchedAgainAndTheMessageResent() {
    String openId = "oCustomToken0000000000000001";
    int tokens = api.calls("token").size();
    api.revokeTokens();
    write(openId, "how can I extend my visa?");
    api.awaitDelivered(openId, 1);
    List<Call> attempts = api.attempts(openId);
    assertEquals(40001, attempts.get(0).errcode());
    assertEquals(0, attempts.get(1).errcode());
    assertNotEquals(attempts.get(0).query().get("access_token"), attempts.get(1).query().get("access_token"));
    assertEquals(tokens + 1, api.calls("token").size(), "one fetch for the refusal");

    api.failNext("send", 42001);
    gateway.verticle.channels().send(notice(openId, "An operator will call you back today.")).await();
    assertEquals("An operator will call you back today.", api.awaitDelivered(openId, 2).get(1).text());
    assertEquals(tokens + 2, api.calls("token").size());
  }

  @Test
  void concurrentRefusalsFetchOneTokenAtATime() {
    int tokens = api.calls("token").size();
    api.revokeTokens();
    List<Future<Void>> sends = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sends.add(gateway.verticle.channels().send(notice("oCustomFlight000000000000" + i, "Notice " + i)));
    }
    Future.all(sends).await();
    for (int i = 0; i < 8; i++) assertEquals("Notice " + i, api.delivered("oCustomFlight000000000000" + i).get(0).text());
    assertEquals(tokens + 1, api.calls("token").size(), "eight refusals, one new token");
  }

  @Test
  void systemBusyAndBadGatewaysAreRetried() {
    String openId = "oCustomBusy00000000000000001";
    api.failNext("send", -1);
    api.pageNext("send", 502, "<html><body><h1>502 Bad Gateway</h1></body></html>");
    gateway.verticle.channels().send(notice(openId, "Your appeal was received.")).await();
    List<Call> attempts = api.attempts(openId);
    assertEquals(3, attempts.size());
    assertEquals(List.of("Your appeal was received."), api.delivered(openId).stream().map(Call::text).toList());
  }

  @Test
  void aPersonOutsideThe48HourWindowIsDroppedWithoutRetries() {
    String openId = "oCustomWindow000000000000001";
    api.failNext("send", 45015);
    assertThrows(RuntimeException.class, () -> gateway.verticle.channels().send(notice(openId, "Your appeal was closed.")).await());
    TelegramChannelTest.sleep(1500);
    assertEquals(1, api.attempts(openId).size(), "not retried");
    gateway.verticle.channels().send(notice(openId, "A later message.")).await();
    assertEquals("A later message.", api.awaitDelivered(openId, 1).get(0).text());
  }

  @Test
  void anAnswerThatMayHaveArrivedIsNotSentAgain() {
    String openId = "oCustomTimeout00000000000001";
    api.delayNext("send", 3000); // longer than the gateway's 1 s API timeout
    assertThrows(RuntimeException.class, () -> gateway.verticle.channels().send(notice(openId, "First.")).await());
    api.pageNext("send", 200, "{\"errcode\":0,"); // cut short: WeChat may have taken it
    assertThrows(RuntimeException.class, () -> gateway.verticle.channels().send(notice(openId, "Second.")).await());
    TelegramChannelTest.sleep(2500);
    assertEquals(2, api.attempts(openId).size(), "neither was sent twice");
    gateway.verticle.channels().send(notice(openId, "Third.")).await();
    assertEquals("Third.", api.awaitDelivered(openId, 1).get(0).text(), "the person's queue goes on");
  }

  @Test
  void aTokenEndpointThatTimesOutOrAnswersGarbageIsAskedAgain() {
    String openId = "oCustomTokenFlaky00000000001";
    int tokens = api.calls("token").size();
    api.revokeTokens();
    api.pageNext("token", 200, "<html>captive portal</html>");
    api.delayNext("token", 3000);
    gateway.verticle.channels().send(notice(openId, "Hello again.")).await();
    assertEquals("Hello again.", api.awaitDelivered(openId, 1).get(0).text());
    assertEquals(tokens + 3, api.calls("token").size(), "garbage, a timeout, then a token");
  }

  @Test
  void aRefusedAppSecretStopsStartUpNamingTheSettingButNotTheSecret() {
    Map<String, String> env = new HashMap<>(api.settings());
    env.put("SWIFTLINE_WECHAT_APP_SECRET", "ffffffffffffffffffffffffffffffff");
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> TestGateway.start(TestGateway.repositoryKnowledgeBase(), env).close());
    assertTrue(e.getMessage().startsWith("SWIFTLINE_WECHAT_APP_SECRET: WeChat refused the AppSecret"), e.getMessage());
    assertFalse(e.getMessage().contains("ffffffffffffffffffffffffffffffff"), e.getMessage());
  }

  @Test
  void aTokenIsRenewedBeforeItExpires() {
    String openId = "oCustomRenewal00000000000001";
    api.expiresIn(302); // two seconds before the five minutes in which the gateway renews a token
    api.revokeTokens();
    gateway.verticle.channels().send(notice(openId, "One.")).await();
    String first = api.delivered(openId).get(0).query().get("access_token");
    api.expiresIn(7200);
    TelegramChannelTest.sleep(2500);
    int tokens = api.calls("token").size();
    gateway.verticle.channels().send(notice(openId, "Two.")).await();
    List<Call> attempts = api.attempts(openId);
    assertEquals(0, attempts.get(attempts.size() - 1).errcode(), "no refusal was needed");
    assertNotEquals(first, attempts.get(attempts.size() - 1).query().get("access_token"));
    assertEquals(tokens + 1, api.calls("token").size(), "renewed while the old one was still valid");
  }
}
