package org.swiftline.bots.wechat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.InboundMessage;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.Reply;
import org.swiftline.bots.wechat.WechatMapping.Incoming;
import org.swiftline.bots.wechat.WechatMapping.InvalidXml;
import org.swiftline.bots.wechat.WechatMapping.Kind;
import org.swiftline.bots.wechat.WechatMapping.Message;
import org.swiftline.bots.wechat.WechatMapping.Rendered;
import org.swiftline.bots.wechat.WechatMapping.Unauthorized;

/** The WeChat mapping on the XML payloads of WeChat's documentation (src/test/resources/wechat). */
class WechatMappingTest {
  private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");

  private static byte[] payload(String name) {
    try (InputStream in = WechatMappingTest.class.getResourceAsStream("/wechat/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Incoming read(String name) {
    return WechatMapping.read(WechatMapping.parse(payload(name)));
  }

  @Test
  void signatureIsSha1OfTheSortedTokenTimestampAndNonce() {
    assertEquals("f21891de399b4e33a1a93c9a7b8a8fffb5a443ff", WechatMapping.signature("test", "1410685589", "test"));
    Instant then = Instant.ofEpochSecond(1410685589L + 30);
    WechatMapping.verify("test", "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff", "1410685589", "test", then, Duration.ofMinutes(5));
  }

  @Test
  void rejectsAWrongMissingOrStaleSignature() {
    Instant then = Instant.ofEpochSecond(1410685589L);
    Duration tolerance = Duration.ofMinutes(5);
    assertThrows(Unauthorized.class, () ->
        WechatMapping.verify("other", "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff", "1410685589", "test", then, tolerance));
    assertThrows(Unauthorized.class, () -> WechatMapping.verify("test", null, "1410685589", "test", then, tolerance));
    assertThrows(Unauthorized.class, () -> WechatMapping.verify("test", "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff", "1410685589",
        "test", then.plus(Duration.ofMinutes(6)), tolerance));
    assertThrows(Unauthorized.class, () -> WechatMapping.verify("test", "f2", "14106x5589", "test", then, tolerance));
  }

  @Test
  void readsATextMessage() {
    Incoming in = read("text.xml");
    assertEquals(Kind.TEXT, in.kind());
    assertEquals("this is a test", in.text());
    assertEquals("fromUser", in.openId());
    assertEquals("1234567890123456", in.dedupeKey());
    assertEquals("toUser", in.message().toUser());
    assertEquals(1348831860L, in.message().createTime());
    InboundMessage m = WechatMapping.toInbound(in, List.of(), NOW);
    assertEquals("wechat", m.from().channel());
    assertEquals("fromUser", m.from().userId());
    assertNull(m.payload());
    assertNull(m.conversationId());
  }

  @Test
  void readsChineseText() {
    Incoming in = read("text_zh.xml");
    assertEquals("怎么办理签证延期？", in.text());
    assertEquals("oia2TjjewbmiOUlr6X-1crbLOvLw", in.openId());
  }

  @Test
  void imagesVoiceAndLocationsAreUnsupported() {
    for (String name : List.of("image.xml", "voice.xml", "location.xml")) {
      Incoming in = read(name);
      assertEquals(Kind.UNSUPPORTED, in.kind(), name);
      assertEquals("1234567890123456", in.dedupeKey(), name);
      assertNull(in.text(), name);
    }
  }

  @Test
  void subscribeGreetsAMenuClickIsUnsupportedAndLocationReportsAreIgnored() {
    Incoming subscribe = read("event_subscribe.xml");
    assertEquals(Kind.SUBSCRIBE, subscribe.kind());
    assertEquals("FromUser:123456789", subscribe.dedupeKey(), "events have no MsgId: sender and time, as WeChat advises");
    assertEquals(Kind.UNSUPPORTED, read("event_click.xml").kind());
    assertEquals(Kind.IGNORED, read("event_location.xml").kind());
  }

  @Test
  void refusesDoctypesAndExternalEntities() {
    String xxe = """
        <?xml version="1.0"?>
        <!DOCTYPE xml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
        <xml><FromUserName>u</FromUserName><MsgType>text</MsgType><Content>&secret;</Content></xml>""";
    assertThrows(InvalidXml.class, () -> WechatMapping.parse(xxe.getBytes(StandardCharsets.UTF_8)));
    String bomb = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
        <xml><FromUserName>u</FromUserName><MsgType>text</MsgType><Content>&lol2;</Content></xml>""";
    assertThrows(InvalidXml.class, () -> WechatMapping.parse(bomb.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void refusesMalformedAndIncompleteBodies() {
    assertThrows(InvalidXml.class, () -> WechatMapping.parse("<xml><FromUserName>u</From".getBytes(StandardCharsets.UTF_8)));
    assertThrows(InvalidXml.class, () -> WechatMapping.parse("{\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8)));
    assertThrows(InvalidXml.class, () -> WechatMapping.parse("<xml><MsgType>text</MsgType></xml>".getBytes(StandardCharsets.UTF_8)));
    assertThrows(InvalidXml.class, () -> WechatMapping.parse(
        "<xml><FromUserName>u</FromUserName><MsgType>text</MsgType><MsgId>1 OR 1=1</MsgId></xml>".getBytes(StandardCharsets.UTF_8)));
    assertThrows(InvalidXml.class, () -> WechatMapping.parse(
        "<other><FromUserName>u</FromUserName><MsgType>text</MsgType></other>".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anEncryptedBodyReadAsPlaintextNamesTheKeySetting() {
    InvalidXml e = assertThrows(InvalidXml.class, () -> WechatMapping.parse(payload("encrypted.xml")));
    assertTrue(e.getMessage().contains("SWIFTLINE_WECHAT_AES_KEY"), e.getMessage());
    assertEquals("msg_encrypt", WechatMapping.encryptedPart(payload("encrypted.xml")));
  }

  @Test
  void thePassiveReplyHasTheShapeOfWechatsExample() {
    Message in = WechatMapping.parse(payload("text.xml"));
    String reply = WechatMapping.passiveReply(in, "你好", Instant.ofEpochSecond(12345678));
    // the example's direction is the account's: to the person (fromUser of the message), from the account
    Message example = WechatMapping.parse(payload("reply_text.xml"));
    Message ours = WechatMapping.parse(reply.getBytes(StandardCharsets.UTF_8));
    assertEquals(example.type(), ours.type());
    assertEquals(example.content(), ours.content());
    assertEquals(example.createTime(), ours.createTime());
    assertEquals("fromUser", ours.toUser());
    assertEquals("toUser", ours.fromUser());
  }

  @Test
  void aReplyHoldingCdataEndIsStillOneCdataValue() {
    Message in = WechatMapping.parse(payload("text.xml"));
    String tricky = "a ]]> b <Content>x</Content>";
    Message back = WechatMapping.parse(WechatMapping.passiveReply(in, tricky, NOW).getBytes(StandardCharsets.UTF_8));
    assertEquals(tricky, back.content());
  }

  @Test
  void choicesAreNumberedLinesAfterTheTextAndMarkdownIsPlain() {
    Rendered r = WechatMapping.render(List.of(new Reply("Apply at the **Exit and Entry Administration**, see [the site](https://www.nia.gov.cn).",
        List.of(new QuickReply("It helped", "feedback:helpful"), new QuickReply("It did not help", "feedback:not_helpful")))),
        "Reply with the number of your choice.");
    assertEquals(List.of("Apply at the Exit and Entry Administration, see the site (https://www.nia.gov.cn).\n\n"
        + "1. It helped\n2. It did not help\nReply with the number of your choice."), r.parts());
    assertEquals(List.of("feedback:helpful", "feedback:not_helpful"), r.choices().stream().map(QuickReply::payload).toList());
  }

  @Test
  void theNumberTypedBackPicksTheChoice() {
    List<QuickReply> offered = List.of(new QuickReply("Visa extension", "article:visa-extension"),
        new QuickReply("Residence permit", "article:residence-permit"));
    for (String typed : List.of("2", " 2 ", "２", "2.", "2。")) {
      assertEquals("article:residence-permit", WechatMapping.pick(typed, offered).payload(), typed);
    }
    assertNull(WechatMapping.pick("3", offered));
    assertNull(WechatMapping.pick("0", offered));
    assertNull(WechatMapping.pick("2 visas", offered));
    assertNull(WechatMapping.pick("2", List.of()));
    Incoming in = read("text.xml");
    InboundMessage picked = WechatMapping.toInbound(new Incoming(in.message(), Kind.TEXT, in.dedupeKey(), "1"), offered, NOW);
    assertEquals("article:visa-extension", picked.payload());
    assertEquals("Visa extension", picked.text());
  }

  @Test
  void longAnswersSplitWithinWechatsByteLimitOnSentences() {
    String sentence = "签证延期需要在签证到期前七天向出入境管理局申请。";
    String text = sentence.repeat(60); // about 4300 bytes of UTF-8
    List<String> parts = WechatMapping.split(text, WechatMapping.MAX_TEXT_BYTES);
    assertTrue(parts.size() >= 3, parts.size() + " parts");
    for (String part : parts) {
      assertTrue(WechatMapping.utf8Length(part) <= WechatMapping.MAX_TEXT_BYTES, WechatMapping.utf8Length(part) + " bytes");
      assertTrue(part.endsWith("。"), "cut at a sentence end: " + part.substring(part.length() - 3));
    }
    assertEquals(text, String.join("", parts));
    String words = "word ".repeat(1000);
    for (String part : WechatMapping.split(words, 2048)) assertTrue(part.length() <= 2048);
    String emoji = "\uD83D\uDE00".repeat(1000); // no spaces at all: a hard cut between code points
    List<String> hard = WechatMapping.split(emoji, 2048);
    assertEquals(emoji, String.join("", hard));
    for (String part : hard) assertTrue(WechatMapping.utf8Length(part) <= 2048 && !Character.isLowSurrogate(part.charAt(0)));
  }

  @Test
  void theCustomerServiceMessageIsWechatsJson() {
    assertEquals("{\"touser\":\"OPENID\",\"msgtype\":\"text\",\"text\":{\"content\":\"Hello World\"}}",
        WechatMapping.customText("OPENID", "Hello World").encode());
  }
}
