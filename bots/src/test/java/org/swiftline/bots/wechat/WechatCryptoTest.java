package org.swiftline.bots.wechat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.wechat.WechatMapping.InvalidXml;
import org.swiftline.bots.wechat.WechatMapping.Message;
import org.swiftline.bots.wechat.WechatMapping.Unauthorized;

/** Safe mode on a message encrypted by OpenSSL under the key of WeChat's example (src/test/resources/wechat). */
class WechatCryptoTest {
  static final String KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  static final String APP_ID = "wx2c2769f8efd9abc2";
  static final byte[] RANDOM = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private static byte[] payload(String name) {
    try (InputStream in = WechatCryptoTest.class.getResourceAsStream("/wechat/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void decryptsWhatOpensslEncryptedAndChecksTheSignature() {
    String encrypt = WechatMapping.encryptedPart(payload("safe_mode_text.xml"));
    assertEquals("10d2fd25b336d1d4c154919608980e891ad634f7", WechatCrypto.msgSignature("spamtest", "1409735669", "1320562132", encrypt));
    WechatCrypto.verify("spamtest", "1409735669", "1320562132", encrypt, "10d2fd25b336d1d4c154919608980e891ad634f7");
    byte[] plain = new WechatCrypto(KEY, APP_ID).decrypt(encrypt);
    assertArrayEquals(payload("safe_mode_text.plain.xml"), plain);
    Message m = WechatMapping.parse(plain);
    assertEquals("怎么办理签证延期？", m.content());
    assertEquals("6054768590064713728", m.msgId());
  }

  @Test
  void encryptsExactlyAsOpensslDoes() {
    String expected = WechatMapping.encryptedPart(payload("safe_mode_text.xml"));
    assertEquals(expected, new WechatCrypto(KEY, APP_ID).encrypt(payload("safe_mode_text.plain.xml"), RANDOM));
  }

  @Test
  void refusesAWrongSignatureAnotherAccountOrGarbage() {
    String encrypt = WechatMapping.encryptedPart(payload("safe_mode_text.xml"));
    assertThrows(Unauthorized.class, () -> WechatCrypto.verify("spamtest", "1409735669", "1320562133", encrypt,
        "10d2fd25b336d1d4c154919608980e891ad634f7"));
    assertThrows(InvalidXml.class, () -> new WechatCrypto(KEY, "wx0000000000000000").decrypt(encrypt));
    assertThrows(InvalidXml.class, () -> new WechatCrypto("Abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", APP_ID).decrypt(encrypt));
    assertThrows(InvalidXml.class, () -> new WechatCrypto(KEY, APP_ID).decrypt("bm90IGEgYmxvY2s="));
    assertThrows(IllegalArgumentException.class, () -> new WechatCrypto("short", APP_ID));
  }

  @Test
  void theEncryptedReplyCarriesItsOwnSignature() {
    WechatCrypto crypto = new WechatCrypto(KEY, APP_ID);
    Message in = WechatMapping.parse(payload("safe_mode_text.plain.xml"));
    String reply = WechatMapping.passiveReply(in, "请携带护照到出入境管理局办理。", Instant.ofEpochSecond(1409735670));
    String envelope = crypto.envelope("spamtest", reply, "1409735670", "1320562132", RANDOM);
    String encrypt = WechatMapping.encryptedPart(envelope.getBytes(StandardCharsets.UTF_8));
    String signature = envelope.replaceAll(".*<MsgSignature><!\\[CDATA\\[([0-9a-f]+)]]></MsgSignature>.*", "$1");
    WechatCrypto.verify("spamtest", "1409735670", "1320562132", encrypt, signature);
    assertEquals(reply, new String(crypto.decrypt(encrypt), StandardCharsets.UTF_8));
  }
}
