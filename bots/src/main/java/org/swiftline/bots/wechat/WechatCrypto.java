package org.swiftline.bots.wechat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.swiftline.bots.wechat.WechatMapping.InvalidXml;
import org.swiftline.bots.wechat.WechatMapping.Unauthorized;

/**
 * WeChat's safe mode (安全模式): message bodies encrypted with AES-256-CBC under the account's
 * EncodingAESKey, and signed with {@code msg_signature}, the SHA-1 of the sorted token, timestamp, nonce
 * and ciphertext. Pure functions; the random bytes of an encryption are passed in.
 *
 * <p>WeChat docs: <a href="https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Message_encryption_and_decryption_instructions.html">message
 * encryption and decryption</a>. The key is the EncodingAESKey (43 characters) decoded as Base64 with one
 * {@code =} added; the IV is its first 16 bytes; the plaintext is 16 random bytes, the message's length as
 * 4 bytes in network order, the message, and the AppID, padded PKCS#7-style to a multiple of 32 bytes.
 */
public final class WechatCrypto {
  private static final int BLOCK = 32;
  private final byte[] key;
  private final byte[] appId;

  /**
   * @throws IllegalArgumentException when {@code encodingAesKey} is not 43 Base64 characters
   */
  public WechatCrypto(String encodingAesKey, String appId) {
    if (encodingAesKey == null || !encodingAesKey.matches("[A-Za-z0-9+/]{43}")) {
      throw new IllegalArgumentException("aesKey must be the account's EncodingAESKey: 43 letters and digits");
    }
    this.key = Base64.getDecoder().decode(encodingAesKey + "=");
    this.appId = appId.getBytes(StandardCharsets.UTF_8);
  }

  /** The safe-mode signature: lowercase hex SHA-1 of the token, timestamp, nonce and ciphertext, sorted and joined. */
  public static String msgSignature(String token, String timestamp, String nonce, String encrypt) {
    String[] parts = {token, timestamp, nonce, encrypt};
    Arrays.sort(parts);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(String.join("", parts).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }

  /** Checks {@code msg_signature} in constant time; throws {@link Unauthorized} when it is missing or wrong. */
  public static void verify(String token, String timestamp, String nonce, String encrypt, String given) {
    if (given == null || timestamp == null || nonce == null) throw new Unauthorized("msg_signature, timestamp and nonce are required");
    byte[] expected = msgSignature(token, timestamp, nonce, encrypt).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given.trim().getBytes(StandardCharsets.US_ASCII))) {
      throw new Unauthorized("msg_signature does not match");
    }
  }

  /**
   * The message inside {@code encrypt} (Base64 ciphertext).
   *
   * @throws InvalidXml when it does not decrypt, is malformed, or was made for another AppID
   */
  public byte[] decrypt(String encrypt) {
    byte[] plain;
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
      plain = cipher.doFinal(Base64.getMimeDecoder().decode(encrypt));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new InvalidXml("the encrypted message does not decrypt with the EncodingAESKey");
    }
    int pad = plain.length == 0 ? 0 : plain[plain.length - 1] & 0xff;
    if (pad < 1 || pad > BLOCK || plain.length < 20 + pad) throw new InvalidXml("the encrypted message is malformed");
    int end = plain.length - pad;
    int length = ByteBuffer.wrap(plain, 16, 4).getInt();
    if (length < 0 || 20 + length > end) throw new InvalidXml("the encrypted message is malformed");
    byte[] from = Arrays.copyOfRange(plain, 20 + length, end);
    if (!MessageDigest.isEqual(from, appId)) throw new InvalidXml("the encrypted message is for another AppID");
    return Arrays.copyOfRange(plain, 20, 20 + length);
  }

  /** {@code message} encrypted for WeChat as Base64, with {@code random} (16 bytes) in front. */
  public String encrypt(byte[] message, byte[] random) {
    if (random.length != 16) throw new IllegalArgumentException("random must be 16 bytes");
    int length = 20 + message.length + appId.length;
    int pad = BLOCK - length % BLOCK;
    ByteBuffer plain = ByteBuffer.allocate(length + pad);
    plain.put(random).putInt(message.length).put(message).put(appId);
    for (int i = 0; i < pad; i++) plain.put((byte) pad);
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
      return Base64.getEncoder().encodeToString(cipher.doFinal(plain.array()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-CBC is not available", e);
    }
  }

  /** The safe-mode response carrying {@code replyXml}: {@code <xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>}. */
  public String envelope(String token, String replyXml, String timestamp, String nonce, byte[] random) {
    String encrypt = encrypt(replyXml.getBytes(StandardCharsets.UTF_8), random);
    return "<xml><Encrypt>" + WechatMapping.cdata(encrypt) + "</Encrypt>"
        + "<MsgSignature>" + WechatMapping.cdata(msgSignature(token, timestamp, nonce, encrypt)) + "</MsgSignature>"
        + "<TimeStamp>" + timestamp + "</TimeStamp>"
        + "<Nonce>" + WechatMapping.cdata(nonce) + "</Nonce></xml>";
  }
}
