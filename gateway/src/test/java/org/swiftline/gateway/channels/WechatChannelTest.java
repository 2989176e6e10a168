package org.swiftline.gateway.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.Outbound;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.bots.wechat.WechatCrypto;
import org.swiftline.bots.wechat.WechatMapping;
import org.swiftline.bots.wechat.WechatMapping.Message;
import org.swiftline.gateway.TestGateway;

/**
 * The WeChat Official Account channel with its default four-second reply budget: WeChat's signed XML
 * posted to the real gateway, answers read from WeChat's response (passive replies) and from
 * {@link LocalWechatApi} on loopback (customer-service messages).
 */
class WechatChannelTest {
  static final String PATH = "/wechat";
  static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  static final AtomicLong MSG_IDS = new AtomicLong(24_315_718_927_400_000L);
  static LocalWechatApi api;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    api = new LocalWechatApi();
    Map<String, String> env = new java.util.HashMap<>(api.settings());
    env.put("SWIFTLINE_WECHAT_AES_KEY", AES_KEY);
    gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase(), env);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    api.close();
  }

  /** WeChat's query: signature, timestamp, nonce and openid, signed with {@code token}. */
  static String query(String token, long timestamp, String openId) {
    String nonce = Long.toString(System.nanoTime() % 1_000_000_000L);
    String ts = String.valueOf(timestamp);
    return "?signature=" + WechatMapping.signature(token, ts, nonce) + "&timestamp=" + ts + "&nonce=" + nonce
        + (openId == null ? "" : "&openid=" + openId);
  }

  static HttpResponse<Buffer> post(TestGateway on, String xml, String token) {
    String openId = WechatMapping.parse(xml.getBytes(StandardCharsets.UTF_8)).fromUser();
    return on.client.post(PATH + query(token, Instant.now().getEpochSecond(), openId))
        .putHeader("Content-Type", "text/xml")
        .sendBuffer(Buffer.buffer(xml)).await();
  }

  static String textXml(String openId, String text, long msgId) {
    return "<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><FromUserName><![CDATA[" + openId
        + "]]></FromUserName><CreateTime>" + Instant.now().getEpochSecond() + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        + "<Content><![CDATA[" + text + "]]></Content><MsgId>" + msgId + "</MsgId></xml>";
  }

  static String imageXml(String openId) {
    return "<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><FromUserName><![CDATA[" + openId
        + "]]></FromUserName><CreateTime>" + Instant.now().getEpochSecond() + "</CreateTime><MsgType><![CDATA[image]]></MsgType>"
        + "<PicUrl><![CDATA[http://mmbiz.qpic.cn/mmbiz_jpg/abc/0]]></PicUrl><MediaId><![CDATA[media_id]]></MediaId>"
        + "<MsgId>" + MSG_IDS.incrementAndGet() + "</MsgId></xml>";
  }

  static String eventXml(String openId, String event) {
    return "<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><FromUserName><![CDATA[" + openId
        + "]]></FromUserName><CreateTime>" + MSG_IDS.incrementAndGet() + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        + "<Event><![CDATA[" + event + "]]></Event></xml>";
  }

  /**
   * One follower writing to the account: each message is a new MsgId. The answer comes in WeChat's
   * response when it is ready within the reply budget, else through the customer-service API; which one
   * depends on how busy the machine is, so the follower takes it from either.
   */
  static final class Follower {
    final TestGateway on;
    final LocalWechatApi api;
    final String openId;
    String last;
    int passiveAnswers;

    Follower(TestGateway on, LocalWechatApi api, String openId) {
      this.on = on;
      this.api = api;
      this.openId = openId;
    }

    /** Sends {@code text}; returns the answer's text, from the passive reply or the customer-service message. */
    String say(String text) {
      int before = api.delivered(openId).size();
      HttpResponse<Buffer> r = post(on, textXml(openId, text, MSG_IDS.incrementAndGet()), LocalWechatApi.TOKEN);
      assertEquals(200, r.statusCode(), r.bodyAsString());
      last = passive(r);
      if (WechatMapping.SUCCESS.equals(last)) {
        last = api.awaitDelivered(openId, before + 1).get(before).text();
      } else {
        passiveAnswers++;
      }
      return last;
    }

    /** Writes the number of the choice titled {@code title} in the last reply. */
    String pick(String title) {
      return say(String.valueOf(number(last, title)));
    }
  }

  /** The passive reply's content, after checking it is addressed back to the sender; "success" for none. */
  static String passive(HttpResponse<Buffer> r) {
    String body = r.bodyAsString();
    if (WechatMapping.SUCCESS.equals(body) || body.isEmpty()) return WechatMapping.SUCCESS;
    Message reply = WechatMapping.parse(body.getBytes(StandardCharsets.UTF_8));
    assertEquals("text", reply.type());
    assertEquals("gh_7f083739789a", reply.fromUser(), "from the account");
    return reply.content();
  }

  /** The number in front of {@code title} in numbered text. */
  static int number(String text, String title) {
    Matcher m = Pattern.compile("(?m)^(\\d+)\\. " + Pattern.quote(title) + "$").matcher(text);
    assertTrue(m.find(), "no choice '" + title + "' in: " + text);
    return Integer.parseInt(m.group(1));
  }

  /** The bot's transcript entries for a follower: [outcome, article] per bot message, in order. */
  static List<List<String>> botEntries(TestGateway on, String openId) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + on.data.resolve("swiftline.db"));
        PreparedStatement ps = c.prepareStatement("""
            SELECT m.outcome, m.article_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE c.channel = 'wechat' AND c.user_id = ? AND m.author = 'bot' ORDER BY c.created_at, m.seq""")) {
      ps.setString(1, openId);
      List<List<String>> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) rows.add(java.util.Arrays.asList(rs.getString(1), rs.getString(2)));
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String conversationId(TestGateway on, String openId) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + on.data.resolve("swiftline.db"));
        PreparedStatement ps = c.prepareStatement("SELECT id FROM conversations WHERE channel = 'wechat' AND user_id = ?")) {
      ps.setString(1, openId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> appeal(TestGateway on, String number) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + on.data.resolve("swiftline.db"));
        PreparedStatement ps = c.prepareStatement("SELECT channel, user_id, category, district FROM appeals WHERE number = ?")) {
      ps.setString(1, number);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return null;
        return Map.of("channel", rs.getString(1), "user", rs.getString(2), "category", String.valueOf(rs.getString(3)),
            "district", String.valueOf(rs.getString(4)));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theServerUrlIsVerifiedByEchoingEchostr() {
    HttpResponse<Buffer> ok = gateway.client.get(PATH + query(LocalWechatApi.TOKEN, Instant.now().getEpochSecond(), null)
        + "&echostr=5837397520665436492").send().await();
    assertEquals(200, ok.statusCode());
    assertEquals("5837397520665436492", ok.bodyAsString());
    HttpResponse<Buffer> forged = gateway.client.get(PATH + query("nottheaccount", Instant.now().getEpochSecond(), null)
        + "&echostr=5837397520665436492").send().await();
    assertEquals(401, forged.statusCode());
    assertFalse(forged.bodyAsString().contains("5837397520665436492"));
  }

  @Test
  void aQuestionIsAnsweredWithNumberedFeedback() {
    Follower f = new Follower(gateway, api, "oWechatAnswer000000000000001");
    String reply = f.say("how can I extend my visa?");
    assertTrue(reply.contains("Exit and Entry Administration"), reply);
    assertFalse(reply.contains("**"), "Markdown is plain text on WeChat: " + reply);
    assertTrue(reply.contains("\n1. That helped\n2. "), reply);
    assertTrue(reply.endsWith("Reply with the number of your choice."), reply);
    assertEquals(List.of(List.of("answered", "visa-extension")), botEntries(gateway, f.openId));
    if (f.passiveAnswers == 1) assertTrue(api.attempts(f.openId).isEmpty(), "a passive reply needs no customer-service message");

    String thanks = f.pick("That helped");
    assertEquals("feedback_recorded", botEntries(gateway, f.openId).get(1).get(0), thanks);
  }

  @Test
  void aClarifyingQuestionIsAnsweredByWritingANumber() {
    Follower f = new Follower(gateway, api, "oWechatClarify00000000000001");
    String choices = f.say("fee");
    assertEquals("clarify", botEntries(gateway, f.openId).get(0).get(0), choices);
    assertTrue(choices.contains("\n1. ") && choices.contains("\n2. "), choices);
    f.say("２"); // a full-width digit, as Chinese keyboards type it
    List<String> second = botEntries(gateway, f.openId).get(1);
    assertEquals("answered", second.get(0));
    assertNotNull(second.get(1));
  }

  @Test
  void aRetriedDeliveryIsHandledOnceAndTheAnswerArrivesOnce() {
    String openId = "oWechatRetry0000000000000001";
    String xml = textXml(openId, "how can I extend my visa?", MSG_IDS.incrementAndGet());
    // WeChat gives up on the first delivery (here sooner than its 5 s, closing the connection), then retries
    List<String> replies = new ArrayList<>();
    try {
      replies.add(passive(gateway.client.post(PATH + query(LocalWechatApi.TOKEN, Instant.now().getEpochSecond(), openId))
          .timeout(150).sendBuffer(Buffer.buffer(xml)).await()));
    } catch (Exception gaveUp) {
      // the usual case: no answer within 150 ms
    }
    for (int retry = 0; retry < 3; retry++) replies.add(passive(post(gateway, xml, LocalWechatApi.TOKEN)));

    List<String> answers = replies.stream().filter(r -> !WechatMapping.SUCCESS.equals(r)).distinct().toList();
    if (answers.isEmpty()) {
      // answered after the budget: once, through the customer-service API
      assertTrue(api.awaitDelivered(openId, 1).get(0).text().contains("Exit and Entry"));
    } else {
      assertEquals(1, answers.size(), "every retry that gets the answer gets the same one: " + answers);
      assertTrue(answers.get(0).contains("Exit and Entry"), answers.get(0));
    }
    TelegramChannelTest.sleep(300);
    int custom = api.delivered(openId).size();
    assertEquals(answers.isEmpty() ? 1 : 0, custom, "the answer went one way, not both: " + replies);
    assertEquals(1, botEntries(gateway, openId).size(), "handled once");
  }

  @Test
  void aBadSignatureIsRefusedAndNothingIsStored() {
    String openId = "oWechatForged000000000000001";
    HttpResponse<Buffer> forged = post(gateway, textXml(openId, "how can I extend my visa?", MSG_IDS.incrementAndGet()), "wrongtoken");
    assertEquals(401, forged.statusCode());
    assertTrue(forged.bodyAsJsonObject().getString("error").contains("signature"), forged.bodyAsString());
    HttpResponse<Buffer> unsigned = gateway.client.post(PATH).putHeader("Content-Type", "text/xml")
        .sendBuffer(Buffer.buffer(textXml(openId, "hello", MSG_IDS.incrementAndGet()))).await();
    assertEquals(401, unsigned.statusCode());
    HttpResponse<Buffer> stale = gateway.client.post(PATH + query(LocalWechatApi.TOKEN, Instant.now().getEpochSecond() - 3600, openId))
        .sendBuffer(Buffer.buffer(textXml(openId, "hello", MSG_IDS.incrementAndGet()))).await();
    assertEquals(401, stale.statusCode(), "an old signed URL replayed with another body");
    assertTrue(botEntries(gateway, openId).isEmpty());
  }

  @Test
  void malformedOrHostileXmlIsRefusedWith400() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        + "<xml><FromUserName>oWechatHostile</FromUserName><MsgType>text</MsgType><Content>&e;</Content><MsgId>1</MsgId></xml>";
    HttpResponse<Buffer> r = gateway.client.post(PATH + query(LocalWechatApi.TOKEN, Instant.now().getEpochSecond(), "oWechatHostile"))
        .sendBuffer(Buffer.buffer(xxe)).await();
    assertEquals(400, r.statusCode());
    assertFalse(r.bodyAsString().contains("root:"), r.bodyAsString());
    HttpResponse<Buffer> broken = gateway.client.post(PATH + query(LocalWechatApi.TOKEN, Instant.now().getEpochSecond(), "x"))
        .sendBuffer(Buffer.buffer("<xml><FromUserName>")).await();
    assertEquals(400, broken.statusCode());
    HttpResponse<Buffer> huge = gateway.client.post(PATH + query(LocalWechatApi.TOKEN, Instant.now().getEpochSecond(), "x"))
        .sendBuffer(Buffer.buffer(textXml("oWechatHuge", "a".repeat(70_000), 1))).await();
    assertEquals(413, huge.statusCode());
  }

  @Test
  void anImageGetsAPoliteReplyInThePersonsLanguage() {
    Follower f = new Follower(gateway, api, "oWechatImage0000000000000001");
    String unknown = passive(post(gateway, imageXml(f.openId), LocalWechatApi.TOKEN));
    assertTrue(unknown.contains("我只能读取文字消息") && unknown.contains("I can only read text messages"),
        "before the person wrote, in Chinese and English: " + unknown);
    f.say("怎么办理签证延期？");
    String zh = passive(post(gateway, imageXml(f.openId), LocalWechatApi.TOKEN));
    assertEquals("我只能读取文字消息，请用文字写下您的问题。", zh);
    f.say("how can I extend my visa?");
    assertEquals("I can only read text messages. Please write your question.",
        passive(post(gateway, imageXml(f.openId), LocalWechatApi.TOKEN)));
  }

  @Test
  void aNewFollowerIsGreetedAndOtherEventsAreOnlyAcknowledged() {
    String openId = "oWechatSubscribe000000000001";
    String greeting = passive(post(gateway, eventXml(openId, "subscribe"), LocalWechatApi.TOKEN));
    assertTrue(greeting.startsWith("您好！") && greeting.contains("Hello!"), greeting);
    assertFalse(greeting.contains("/lang"), "no Telegram commands on WeChat: " + greeting);
    assertEquals(WechatMapping.SUCCESS, passive(post(gateway, eventXml(openId, "unsubscribe"), LocalWechatApi.TOKEN)));
    assertEquals(WechatMapping.SUCCESS, passive(post(gateway, eventXml(openId, "LOCATION"), LocalWechatApi.TOKEN)));
  }

  @Test
  void noAnswerThenAnAppealFiledByWritingNumbers() {
    Follower f = new Follower(gateway, api, "oWechatAppeal000000000000001");
    String offer = f.say("what is the best peking duck restaurant near the lama temple");
    assertEquals("no_answer", botEntries(gateway, f.openId).get(0).get(0), offer);
    String what = f.pick("File an appeal");
    assertTrue(what.contains("what happened"), what);
    String phone = f.say("The streetlight on Xinjiekou street in Xicheng has been broken for a week");
    assertTrue(phone.contains("phone number"), phone);
    String summary = f.pick("Skip");
    assertTrue(summary.contains("Xicheng, Xinjiekou street"), summary);
    String filed = f.pick("File the appeal");
    List<String> outcomes = botEntries(gateway, f.openId).stream().map(r -> r.get(0)).toList();
    assertEquals("appeal_filed", outcomes.get(outcomes.size() - 1), filed);
    Matcher number = Pattern.compile("\\d{8}-\\d{6,}").matcher(filed);
    assertTrue(number.find(), filed);
    Map<String, Object> row = appeal(gateway, number.group());
    assertEquals("wechat", row.get("channel"));
    assertEquals(f.openId, row.get("user"));
    assertEquals("streetlights", row.get("category"));
  }

  @Test
  void anOperatorsMessageGoesThroughTheCustomerServiceApiWithNumberedChoices() {
    Follower f = new Follower(gateway, api, "oWechatOutbound0000000000001");
    f.say("how can I extend my visa?");
    String conversation = conversationId(gateway, f.openId);
    Outbound notice = new Outbound(new ChannelIdentity("wechat", f.openId), conversation, List.of(
        new TranscriptEntry(3, "bot", "Your appeal 20261128-000123 was answered. Is the problem solved?",
            List.of(new QuickReply("Yes, it is solved", "appeal:solved:20261128-000123"),
                new QuickReply("No, it is not solved", "appeal:unsolved:20261128-000123")), "en", Instant.now())));
    int before = api.delivered(f.openId).size();
    gateway.verticle.channels().send(notice).await();
    String sent = api.awaitDelivered(f.openId, before + 1).get(before).text();
    assertEquals("Your appeal 20261128-000123 was answered. Is the problem solved?\n\n1. Yes, it is solved\n"
        + "2. No, it is not solved\nReply with the number of your choice.", sent);
  }

  @Test
  void aLongAnswerIsSplitAtWechatsLimitTheRestThroughTheApi() {
    Follower f = new Follower(gateway, api, "oWechatLong00000000000000001");
    String conversation;
    f.say("how can I extend my visa?");
    conversation = conversationId(gateway, f.openId);
    String paragraph = "Bring your passport, one photo and the form to the Exit and Entry Administration. ";
    Outbound longNotice = new Outbound(new ChannelIdentity("wechat", f.openId), conversation, List.of(
        new TranscriptEntry(3, "operator", paragraph.repeat(60), List.of(), "en", Instant.now())));
    int before = api.delivered(f.openId).size();
    gateway.verticle.channels().send(longNotice).await();
    List<LocalWechatApi.Call> parts = api.delivered(f.openId).subList(before, api.delivered(f.openId).size());
    assertTrue(parts.size() >= 3, parts.size() + " parts");
    StringBuilder joined = new StringBuilder();
    for (LocalWechatApi.Call part : parts) {
      assertTrue(part.text().getBytes(StandardCharsets.UTF_8).length <= 2048);
      assertTrue(part.text().endsWith("Administration."), "cut at a sentence: " + part.text());
      joined.append(part.text()).append(' ');
    }
    assertEquals(paragraph.repeat(60).strip(), joined.toString().strip());
  }

  @Test
  void aSafeModeMessageIsCheckedDecryptedAndAnsweredEncrypted() {
    WechatCrypto crypto = new WechatCrypto(AES_KEY, LocalWechatApi.APP_ID);
    String openId = "oWechatSafeMode0000000000001";
    byte[] noise = "fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    String encrypt = crypto.encrypt(imageXml(openId).getBytes(StandardCharsets.UTF_8), noise);
    String body = "<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>";
    String ts = String.valueOf(Instant.now().getEpochSecond());
    String nonce = "1320562132";
    String signed = "?signature=" + WechatMapping.signature(LocalWechatApi.TOKEN, ts, nonce) + "&timestamp=" + ts + "&nonce=" + nonce
        + "&openid=" + openId + "&encrypt_type=aes&msg_signature=";

    HttpResponse<Buffer> r = gateway.client.post(PATH + signed + WechatCrypto.msgSignature(LocalWechatApi.TOKEN, ts, nonce, encrypt))
        .sendBuffer(Buffer.buffer(body)).await();
    assertEquals(200, r.statusCode(), r.bodyAsString());
    String envelope = r.bodyAsString();
    String replyEncrypt = WechatMapping.encryptedPart(envelope.getBytes(StandardCharsets.UTF_8));
    String timeStamp = envelope.replaceAll(".*<TimeStamp>(\\d+)</TimeStamp>.*", "$1");
    String signature = envelope.replaceAll(".*<MsgSignature><!\\[CDATA\\[([0-9a-f]+)]]></MsgSignature>.*", "$1");
    WechatCrypto.verify(LocalWechatApi.TOKEN, timeStamp, nonce, replyEncrypt, signature);
    Message reply = WechatMapping.parse(crypto.decrypt(replyEncrypt));
    assertEquals(openId, reply.toUser());
    assertTrue(reply.content().contains("I can only read text messages"), reply.content());

    HttpResponse<Buffer> forged = gateway.client.post(PATH + signed + "0".repeat(40)).sendBuffer(Buffer.buffer(body)).await();
    assertEquals(401, forged.statusCode());
  }
}
