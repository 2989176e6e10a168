package org.swiftline.bots.wechat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.InboundMessage;
import org.swiftline.bots.MessageBreaks;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.Reply;

/**
 * Pure functions of the WeChat Official Account channel: the server signature, inbound XML messages,
 * passive XML replies, customer-service messages, and replies as plain text with numbered choices (WeChat
 * has no buttons) split at WeChat's length limit.
 *
 * <p>WeChat docs: <a href="https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html">server
 * URL verification</a>, <a href="https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_standard_messages.html">receiving
 * standard messages</a>, <a href="https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html">event
 * pushes</a>, <a href="https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html">passive
 * replies</a>, <a href="https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html">customer-service
 * messages</a>.
 */
public final class WechatMapping {
  public static final String CHANNEL = "wechat";
  /** WeChat's limit on a text message's content, in UTF-8 bytes. */
  public static final int MAX_TEXT_BYTES = 2048;
  /** The body that acknowledges a message without a passive reply. */
  public static final String SUCCESS = "success";
  /** The most elements an inbound message may have; WeChat's have about a dozen. */
  private static final int MAX_ELEMENTS = 64;
  private static final XMLInputFactory XML = secureFactory();
  private static final Pattern BOLD = Pattern.compile("\\*\\*([^*\\n]+?)\\*\\*");
  private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]+)\\]\\((https?://[^)\\s]+)\\)");
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,2}");

  private WechatMapping() {}

  /** A request that is not signed with the account's token; answered 401. */
  public static final class Unauthorized extends RuntimeException {
    public Unauthorized(String message) {
      super(message, null, false, false);
    }
  }

  /** A body that is not a WeChat XML message; answered 400. */
  public static final class InvalidXml extends RuntimeException {
    public InvalidXml(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * An inbound XML message as WeChat posts it: the fields every message has, and the ones the channel reads.
   *
   * @param toUser the account's original id ({@code gh_...})
   * @param fromUser the person's OpenID
   * @param createTime Unix seconds
   * @param type {@code text}, {@code image}, {@code voice}, {@code video}, {@code shortvideo}, {@code location},
   *     {@code link}, {@code event}, ...
   * @param content the text of a {@code text} message, else null
   * @param msgId the message id (absent on events), else null
   * @param event for {@code event} messages, the event ({@code subscribe}, {@code CLICK}, ...), else null
   */
  public record Message(
      String toUser, String fromUser, long createTime, String type, String content, String msgId, String event) {}

  /** What the adapter does with a message. */
  public enum Kind {
    /** A text message for the dialogue. */
    TEXT,
    /** A new follower: greet. */
    SUBSCRIBE,
    /** Something the bot cannot read (image, voice, location, a menu click): say that only text is read. */
    UNSUPPORTED,
    /** Not from a person writing (unsubscribe, automatic location reports, delivery reports): acknowledge only. */
    IGNORED
  }

  /**
   * One message as the adapter acts on it.
   *
   * @param dedupeKey identifies the message across WeChat's retries: the MsgId, or for events the sender
   *     and creation time (as WeChat's docs advise)
   * @param text for {@link Kind#TEXT}, what the person wrote (trimmed to the dialogue's limit), else null
   */
  public record Incoming(Message message, Kind kind, String dedupeKey, String text) {
    public String openId() {
      return message.fromUser();
    }
  }

  /** The signature WeChat sends: lowercase hex SHA-1 of the token, timestamp and nonce, sorted and joined. */
  public static String signature(String token, String timestamp, String nonce) {
    String[] parts = {token, timestamp, nonce};
    Arrays.sort(parts);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(String.join("", parts).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }

  /**
   * Checks a request's {@code signature}, {@code timestamp} and {@code nonce} query parameters, in constant
   * time, before anything in it is read.
   *
   * @throws Unauthorized when one is missing or malformed, the timestamp is more than {@code tolerance} from
   *     {@code now}, or the signature does not match
   */
  public static void verify(String token, String signature, String timestamp, String nonce, Instant now, Duration tolerance) {
    if (signature == null || timestamp == null || nonce == null) {
      throw new Unauthorized("signature, timestamp and nonce are required");
    }
    if (!timestamp.matches("[0-9]{1,12}") || nonce.length() > 64) {
      throw new Unauthorized("timestamp must be Unix time in seconds");
    }
    if (Math.abs(now.getEpochSecond() - Long.parseLong(timestamp)) > tolerance.toSeconds()) {
      throw new Unauthorized("timestamp is more than " + tolerance.toMinutes() + " minutes from the gateway's time");
    }
    byte[] expected = signature(token, timestamp, nonce).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) throw new Unauthorized("signature does not match");
  }

  private static XMLInputFactory secureFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    return factory;
  }

  /**
   * Reads WeChat's XML: a root {@code <xml>} with one element per field. No DTD, no entities beyond XML's
   * own, no nesting is accepted (WeChat sends none), so nothing outside the body is ever read.
   *
   * @throws InvalidXml when the body is not such a message or lacks {@code FromUserName} or {@code MsgType}
   */
  public static Message parse(byte[] body) {
    return message(fields(body));
  }

  /**
   * The {@code Encrypt} field of a safe-mode or compatible-mode body, or null when it has none.
   *
   * @throws InvalidXml when the body is not WeChat's XML
   */
  public static String encryptedPart(byte[] body) {
    return fields(body).get("Encrypt");
  }

  private static Map<String, String> fields(byte[] body) {
    Map<String, String> fields = new HashMap<>();
    XMLStreamReader reader = null;
    try {
      reader = XML.createXMLStreamReader(new ByteArrayInputStream(body));
      int depth = 0;
      String field = null;
      StringBuilder value = new StringBuilder();
      while (reader.hasNext()) {
        int event = reader.next();
        switch (event) {
          case XMLStreamConstants.DTD -> throw new InvalidXml("a DOCTYPE is not accepted");
          case XMLStreamConstants.ENTITY_REFERENCE -> throw new InvalidXml("entity references are not accepted");
          case XMLStreamConstants.START_ELEMENT -> {
            depth++;
            if (depth == 1 && !"xml".equals(reader.getLocalName())) throw new InvalidXml("the root element must be <xml>");
            if (depth == 2) {
              field = reader.getLocalName();
              value.setLength(0);
            }
            if (depth > 2) throw new InvalidXml("nested elements are not accepted");
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
            if (depth == 2) value.append(reader.getText());
          }
          case XMLStreamConstants.END_ELEMENT -> {
            if (depth == 2 && field != null) {
              if (fields.size() >= MAX_ELEMENTS) throw new InvalidXml("too many elements");
              fields.putIfAbsent(field, value.toString());
              field = null;
            }
            depth--;
          }
          default -> {
            // comments, processing instructions: nothing to read
          }
        }
      }
    } catch (XMLStreamException e) {
      throw new InvalidXml("the body is not well-formed XML");
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException ignored) {
          // nothing held
        }
      }
    }
    return fields;
  }

  private static Message message(Map<String, String> fields) {
    String from = fields.get("FromUserName");
    String type = fields.get("MsgType");
    if (type == null && fields.containsKey("Encrypt")) {
      throw new InvalidXml("the message is encrypted (safe mode): set SWIFTLINE_WECHAT_AES_KEY to the account's EncodingAESKey");
    }
    if (from == null || from.isBlank() || type == null || type.isBlank()) {
      throw new InvalidXml("FromUserName and MsgType are required");
    }
    if (from.strip().length() > ChannelIdentity.MAX_USER_ID) throw new InvalidXml("FromUserName is too long");
    long createTime;
    try {
      createTime = Long.parseLong(fields.getOrDefault("CreateTime", "0").strip());
    } catch (NumberFormatException e) {
      throw new InvalidXml("CreateTime must be a number");
    }
    String msgId = fields.get("MsgId");
    if (msgId != null && !msgId.strip().matches("[0-9A-Za-z_-]{1,64}")) throw new InvalidXml("MsgId is malformed");
    return new Message(strip(fields.get("ToUserName")), from.strip(), createTime, type.strip().toLowerCase(Locale.ROOT),
        fields.get("Content"), strip(msgId), strip(fields.get("Event")));
  }

  private static String strip(String s) {
    return s == null ? null : s.strip();
  }

  /** What to do with a message. */
  public static Incoming read(Message m) {
    String dedupeKey = m.msgId() != null ? m.msgId() : m.fromUser() + ":" + m.createTime();
    return switch (m.type()) {
      case "text" -> {
        String text = m.content() == null ? "" : m.content().strip();
        yield text.isEmpty() ? new Incoming(m, Kind.UNSUPPORTED, dedupeKey, null) : new Incoming(m, Kind.TEXT, dedupeKey, truncate(text));
      }
      case "event" -> {
        String event = m.event() == null ? "" : m.event().toLowerCase(Locale.ROOT);
        yield switch (event) {
          case "subscribe" -> new Incoming(m, Kind.SUBSCRIBE, dedupeKey, null);
          // a menu click or a QR scan is a person acting: tell them what the bot reads
          case "click", "scan", "scancode_push", "scancode_waitmsg", "pic_sysphoto", "pic_photo_or_album", "pic_weixin",
              "location_select" -> new Incoming(m, Kind.UNSUPPORTED, dedupeKey, null);
          default -> new Incoming(m, Kind.IGNORED, dedupeKey, null);
        };
      }
      default -> new Incoming(m, Kind.UNSUPPORTED, dedupeKey, null);
    };
  }

  /** The dialogue's message for a text: the person's id, the text, and the payload of a choice picked by number. */
  public static InboundMessage toInbound(Incoming in, List<QuickReply> offered, Instant now) {
    QuickReply picked = pick(in.text(), offered);
    String text = picked == null ? in.text() : truncate(picked.title());
    return new InboundMessage(new ChannelIdentity(CHANNEL, in.openId()), null, text,
        picked == null ? null : picked.payload(), null, now);
  }

  /**
   * The choice a person picked by writing its number ({@code 2}, {@code ２}, {@code 2.}), or null when the
   * text is not the number of one of {@code offered}.
   */
  public static QuickReply pick(String text, List<QuickReply> offered) {
    if (text == null || offered.isEmpty()) return null;
    StringBuilder digits = new StringBuilder();
    for (char c : text.strip().toCharArray()) {
      if (c >= '\uFF10' && c <= '\uFF19') digits.append((char) ('0' + (c - '\uFF10'))); // full-width
      else digits.append(c);
    }
    String t = digits.toString().replaceAll("[.)\u3002\uFF0E\u3001]$", "").strip();
    if (!NUMBER.matcher(t).matches()) return null;
    int index = Integer.parseInt(t) - 1;
    return index >= 0 && index < offered.size() ? offered.get(index) : null;
  }

  /**
   * The messages that show a turn's replies: each reply's text as plain text, the choices of all of them
   * numbered in order after it, then {@code numberHint}; all joined and split at {@link #MAX_TEXT_BYTES}.
   *
   * @param parts the messages to send, in order
   * @param choices the choices offered, in the order of their numbers
   */
  public record Rendered(List<String> parts, List<QuickReply> choices) {
    public Rendered {
      parts = List.copyOf(parts);
      choices = List.copyOf(choices);
    }
  }

  public static Rendered render(List<Reply> replies, String numberHint) {
    StringBuilder text = new StringBuilder();
    List<QuickReply> choices = new ArrayList<>();
    for (Reply reply : replies) {
      if (!text.isEmpty()) text.append("\n\n");
      text.append(plain(reply.text()).strip());
      if (reply.quickReplies().isEmpty()) continue;
      text.append("\n");
      for (QuickReply q : reply.quickReplies()) {
        choices.add(q);
        text.append('\n').append(choices.size()).append(". ").append(q.title().strip());
      }
      if (numberHint != null && !numberHint.isBlank()) text.append("\n").append(numberHint.strip());
    }
    return new Rendered(split(text.toString(), MAX_TEXT_BYTES), choices);
  }

  /** The knowledge base's Markdown subset as plain text: {@code **bold**} unmarked, links as "text (url)". */
  public static String plain(String markdown) {
    Matcher link = LINK.matcher(markdown);
    StringBuilder linked = new StringBuilder();
    while (link.find()) {
      String replacement = link.group(1).equals(link.group(2)) ? link.group(2) : link.group(1) + " (" + link.group(2) + ")";
      link.appendReplacement(linked, Matcher.quoteReplacement(replacement));
    }
    link.appendTail(linked);
    return BOLD.matcher(linked).replaceAll("$1");
  }

  /**
   * Splits {@code text} into parts of at most {@code maxBytes} UTF-8 bytes, cutting at the last paragraph
   * break, else line break, else sentence end, else space within the limit (a hard cut between characters
   * only when a part has none).
   */
  public static List<String> split(String text, int maxBytes) {
    if (maxBytes < 8) throw new IllegalArgumentException("maxBytes must be at least 8");
    List<String> parts = new ArrayList<>();
    String rest = text.strip();
    while (utf8Length(rest) > maxBytes) {
      int fits = fits(rest, maxBytes);
      int cut = MessageBreaks.cut(rest, fits);
      String part = rest.substring(0, cut).strip();
      if (!part.isEmpty()) parts.add(part);
      rest = rest.substring(cut).strip();
    }
    if (!rest.isEmpty()) parts.add(rest);
    return parts;
  }

  /** How many UTF-16 units of {@code text}, whole code points, fit in {@code maxBytes} of UTF-8. */
  private static int fits(String text, int maxBytes) {
    int bytes = 0;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) break;
      bytes += size;
      i += Character.charCount(cp);
    }
    return i;
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** The passive reply to {@code in}: a text message from the account to the person, as WeChat's XML. */
  public static String passiveReply(Message in, String text, Instant now) {
    return "<xml>"
        + "<ToUserName>" + cdata(in.fromUser()) + "</ToUserName>"
        + "<FromUserName>" + cdata(in.toUser() == null ? "" : in.toUser()) + "</FromUserName>"
        + "<CreateTime>" + now.getEpochSecond() + "</CreateTime>"
        + "<MsgType><![CDATA[text]]></MsgType>"
        + "<Content>" + cdata(text) + "</Content>"
        + "</xml>";
  }

  /** A CDATA section holding {@code s} exactly, even when it contains {@code ]]>}. */
  static String cdata(String s) {
    return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>";
  }

  /** The body of a customer-service text message to {@code openId}. */
  public static JsonObject customText(String openId, String text) {
    return new JsonObject().put("touser", openId).put("msgtype", "text").put("text", new JsonObject().put("content", text));
  }

  private static String truncate(String text) {
    if (text.codePointCount(0, text.length()) <= InboundMessage.MAX_TEXT) return text;
    return text.substring(0, text.offsetByCodePoints(0, InboundMessage.MAX_TEXT));
  }
}
