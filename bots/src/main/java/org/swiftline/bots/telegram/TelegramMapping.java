package org.swiftline.bots.telegram;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.InboundMessage;
import org.swiftline.bots.LanguageTags;
import org.swiftline.bots.MessageBreaks;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.Reply;
import org.swiftline.bots.TranscriptEntry;
import org.telegram.telegrambots.meta.api.methods.AnswerCallbackQuery;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.CallbackQuery;
import org.telegram.telegrambots.meta.api.objects.LinkPreviewOptions;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.api.objects.message.MaybeInaccessibleMessage;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

/**
 * Pure mapping between Telegram Bot API objects and the channel-neutral messages: an {@link Update} becomes
 * an {@link Incoming} (a message for the dialogue, or a command the adapter answers itself), and replies
 * become {@link SendMessage}s with inline keyboards, split at Telegram's length limit.
 *
 * <p>Bot API: <a href="https://core.telegram.org/bots/api#update">Update</a>,
 * <a href="https://core.telegram.org/bots/api#sendmessage">sendMessage</a>,
 * <a href="https://core.telegram.org/bots/api#inlinekeyboardmarkup">InlineKeyboardMarkup</a>,
 * <a href="https://core.telegram.org/bots/api#formatting-options">HTML formatting</a>.
 */
public final class TelegramMapping {
  public static final String CHANNEL = "telegram";
  /** Telegram's limit on a message's text, in UTF-16 code units after entities are parsed. */
  public static final int MAX_TEXT = 4096;
  /** Telegram's limit on a button's callback data, in bytes. */
  public static final int MAX_CALLBACK_DATA = 64;
  /** Callback data of the language menu: {@code lang:ru}. */
  static final String LANGUAGE_DATA = "lang:";
  /** Callback data of a choice whose payload is longer than Telegram allows: its title is sent instead. */
  static final String TITLE_DATA = "title:";
  static final String REQUEST_APPEAL = "request:appeal";
  static final String REQUEST_OPERATOR = "request:operator";
  static final String REQUEST_STATUS = "request:status";

  private static final Pattern BOLD = Pattern.compile("\\*\\*([^*\\n]+?)\\*\\*");
  private static final Pattern LINK = Pattern.compile("\\[([^\\]\\n]+)\\]\\((https?://[^)\\s]+)\\)");
  private static final Pattern TAG = Pattern.compile("<[^>]+>");

  private TelegramMapping() {}

  /** What an update asks the adapter to do. */
  public enum Kind {
    /** A message (or a button press) for the dialogue. */
    MESSAGE,
    /** {@code /start} or {@code /help}: greet. */
    START,
    /** {@code /lang [tag]} or a pick in the language menu: show the menu or set the language. */
    LANGUAGE,
    /** Something other than text in a private chat (photo, sticker, voice): say that only text is read. */
    UNSUPPORTED
  }

  /**
   * One update as the adapter acts on it.
   *
   * @param updateId Telegram's update id, increasing per bot
   * @param chatId the chat to answer in; also the person's id on this channel
   * @param message for {@link Kind#MESSAGE}, the message for the dialogue (without a conversation id), else null
   * @param languageHint the person's Telegram language ({@code language_code}), or null
   * @param argument for {@link Kind#LANGUAGE}, the language asked for, or null to show the menu
   * @param callbackQueryId the callback query to answer (a button press), or null
   */
  public record Incoming(
      long updateId, String chatId, Kind kind, InboundMessage message, String languageHint, String argument,
      String callbackQueryId) {}

  /**
   * Reads an update; empty for updates the bot does not act on (edited messages, channel posts, service
   * messages in groups, buttons without data).
   */
  public static Optional<Incoming> read(Update update, Instant now) {
    long updateId = update.getUpdateId();
    if (update.hasMessage()) return readMessage(updateId, update.getMessage(), now);
    if (update.hasCallbackQuery()) return readCallback(updateId, update.getCallbackQuery(), now);
    return Optional.empty();
  }

  private static Optional<Incoming> readMessage(long updateId, Message m, Instant now) {
    String chatId = String.valueOf(m.getChatId());
    String hint = hint(m.getFrom());
    if (!m.hasText() || m.getText().isBlank()) {
      boolean privateChat = m.getChat() != null && "private".equals(m.getChat().getType());
      return privateChat
          ? Optional.of(new Incoming(updateId, chatId, Kind.UNSUPPORTED, null, hint, null, null))
          : Optional.empty();
    }
    String text = truncate(m.getText().strip());
    String payload = null;
    if (text.startsWith("/")) {
      String[] parts = text.split("\\s+", 2);
      String command = parts[0].substring(1).toLowerCase(Locale.ROOT);
      int at = command.indexOf('@');
      if (at >= 0) command = command.substring(0, at);
      String argument = parts.length > 1 ? parts[1].strip() : null;
      switch (command) {
        case "start", "help" -> {
          return Optional.of(new Incoming(updateId, chatId, Kind.START, null, hint, null, null));
        }
        case "lang", "language" -> {
          return Optional.of(new Incoming(updateId, chatId, Kind.LANGUAGE, null, hint, argument, null));
        }
        case "appeal" -> payload = REQUEST_APPEAL;
        case "operator" -> payload = REQUEST_OPERATOR;
        case "status" -> payload = REQUEST_STATUS;
        default -> {
          // any other command goes to the dialogue as written
        }
      }
    }
    InboundMessage message = new InboundMessage(new ChannelIdentity(CHANNEL, chatId), null, text, payload, hint, now);
    return Optional.of(new Incoming(updateId, chatId, Kind.MESSAGE, message, hint, null, null));
  }

  private static Optional<Incoming> readCallback(long updateId, CallbackQuery q, Instant now) {
    String data = q.getData();
    MaybeInaccessibleMessage origin = q.getMessage();
    String chatId = origin != null && origin.getChatId() != null
        ? String.valueOf(origin.getChatId())
        : q.getFrom() == null ? null : String.valueOf(q.getFrom().getId());
    if (data == null || data.isBlank() || chatId == null) return Optional.empty();
    String hint = hint(q.getFrom());
    if (data.startsWith(LANGUAGE_DATA)) {
      return Optional.of(new Incoming(updateId, chatId, Kind.LANGUAGE, null, hint, data.substring(LANGUAGE_DATA.length()),
          q.getId()));
    }
    String title = origin instanceof Message m ? buttonTitle(m.getReplyMarkup(), data) : null;
    String payload = data;
    String text = title != null && !title.isBlank() ? title : data;
    if (data.startsWith(TITLE_DATA)) {
      if (title == null || title.isBlank()) return Optional.empty(); // nothing to go on
      payload = null; // the dialogue recognises the choice by its title
    }
    InboundMessage message =
        new InboundMessage(new ChannelIdentity(CHANNEL, chatId), null, truncate(text), payload, hint, now);
    return Optional.of(new Incoming(updateId, chatId, Kind.MESSAGE, message, hint, null, q.getId()));
  }

  private static String buttonTitle(InlineKeyboardMarkup markup, String data) {
    if (markup == null || markup.getKeyboard() == null) return null;
    for (InlineKeyboardRow row : markup.getKeyboard()) {
      for (InlineKeyboardButton button : row) {
        if (data.equals(button.getCallbackData())) return button.getText();
      }
    }
    return null;
  }

  private static String hint(User from) {
    if (from == null) return null;
    String code = from.getLanguageCode();
    return LanguageTags.isWellFormed(code) ? code : null;
  }

  private static String truncate(String text) {
    if (text.codePointCount(0, text.length()) <= InboundMessage.MAX_TEXT) return text;
    return text.substring(0, text.offsetByCodePoints(0, InboundMessage.MAX_TEXT));
  }

  /** The messages that show {@code replies} in a chat, in order. */
  public static List<SendMessage> render(String chatId, List<Reply> replies) {
    List<SendMessage> out = new ArrayList<>();
    for (Reply reply : replies) out.addAll(render(chatId, reply));
    return out;
  }

  /** The messages that show later messages of a conversation (an operator's reply, a notification). */
  public static List<SendMessage> renderEntries(String chatId, List<TranscriptEntry> entries) {
    List<SendMessage> out = new ArrayList<>();
    for (TranscriptEntry entry : entries) out.addAll(render(chatId, new Reply(entry.text(), entry.quickReplies())));
    return out;
  }

  /**
   * The messages that show one reply: its text as Telegram HTML, split at {@link #MAX_TEXT} on paragraph or
   * sentence boundaries, with the quick replies as an inline keyboard under the last part.
   */
  public static List<SendMessage> render(String chatId, Reply reply) {
    List<String> parts = split(reply.text(), MAX_TEXT);
    if (parts.isEmpty()) {
      if (reply.quickReplies().isEmpty()) return List.of();
      parts = List.of("\u2026");
    }
    List<SendMessage> out = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      SendMessage.SendMessageBuilder<?, ?> message = SendMessage.builder()
          .chatId(chatId)
          .text(html(parts.get(i)))
          .parseMode("HTML")
          .linkPreviewOptions(LinkPreviewOptions.builder().isDisabled(true).build());
      if (i == parts.size() - 1 && !reply.quickReplies().isEmpty()) message.replyMarkup(keyboard(reply.quickReplies()));
      out.add(message.build());
    }
    return out;
  }

  /** A plain text message (the greeting, a confirmation). */
  public static SendMessage text(String chatId, String text) {
    return SendMessage.builder().chatId(chatId).text(text).build();
  }

  /** The language menu: one button per language, named in that language, two to a row. */
  public static SendMessage languageMenu(String chatId, String prompt, List<String> languages) {
    List<InlineKeyboardRow> rows = new ArrayList<>();
    InlineKeyboardRow row = new InlineKeyboardRow();
    for (String language : languages) {
      row.add(InlineKeyboardButton.builder().text(languageName(language)).callbackData(LANGUAGE_DATA + language).build());
      if (row.size() == 2) {
        rows.add(row);
        row = new InlineKeyboardRow();
      }
    }
    if (!row.isEmpty()) rows.add(row);
    return SendMessage.builder().chatId(chatId).text(prompt).replyMarkup(new InlineKeyboardMarkup(rows)).build();
  }

  /** Stops the button's progress indicator. */
  public static AnswerCallbackQuery answer(String callbackQueryId) {
    return AnswerCallbackQuery.builder().callbackQueryId(callbackQueryId).build();
  }

  /** A language's name in itself, capitalised: {@code ru} gives "Русский". */
  public static String languageName(String language) {
    Locale locale = Locale.forLanguageTag(language);
    String name = locale.getDisplayLanguage(locale);
    if (name.isEmpty()) return language;
    return name.substring(0, 1).toUpperCase(locale) + name.substring(1);
  }

  /** The inline keyboard of quick replies, one per row; payloads too long for callback data send the title. */
  static InlineKeyboardMarkup keyboard(List<QuickReply> choices) {
    List<InlineKeyboardRow> rows = new ArrayList<>();
    for (int i = 0; i < choices.size(); i++) {
      QuickReply q = choices.get(i);
      String data = q.payload().getBytes(StandardCharsets.UTF_8).length <= MAX_CALLBACK_DATA ? q.payload() : TITLE_DATA + i;
      rows.add(new InlineKeyboardRow(InlineKeyboardButton.builder().text(q.title()).callbackData(data).build()));
    }
    return new InlineKeyboardMarkup(rows);
  }

  /**
   * Splits {@code text} into parts of at most {@code limit} UTF-16 code units, cutting at the last paragraph
   * break, else line break, else sentence end, else space before the limit (a hard cut only when a part has
   * none), so that no part ends in the middle of a sentence when it can be helped.
   */
  public static List<String> split(String text, int limit) {
    if (limit < 2) throw new IllegalArgumentException("limit must be at least 2");
    List<String> parts = new ArrayList<>();
    String rest = text.strip();
    while (rest.length() > limit) {
      int cut = MessageBreaks.cut(rest, limit);
      String part = rest.substring(0, cut).strip();
      if (!part.isEmpty()) parts.add(part);
      rest = rest.substring(cut).strip();
    }
    if (!rest.isEmpty()) parts.add(rest);
    return parts;
  }

  /**
   * The knowledge base's Markdown subset as Telegram HTML: the text escaped, {@code **bold**} as
   * {@code <b>}, {@code [text](https://...)} as a link; everything else stays as written.
   */
  public static String html(String markdown) {
    String escaped = markdown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    Matcher link = LINK.matcher(escaped);
    StringBuilder linked = new StringBuilder();
    while (link.find()) {
      String href = link.group(2).replace("\"", "&quot;");
      link.appendReplacement(linked, Matcher.quoteReplacement("<a href=\"" + href + "\">" + link.group(1) + "</a>"));
    }
    link.appendTail(linked);
    Matcher bold = BOLD.matcher(linked);
    StringBuilder out = new StringBuilder();
    while (bold.find()) bold.appendReplacement(out, Matcher.quoteReplacement("<b>" + bold.group(1) + "</b>"));
    bold.appendTail(out);
    return out.toString();
  }

  /** The text of a message made by {@link #html}, without markup: the fallback when Telegram refuses the HTML. */
  public static String plain(String html) {
    return TAG.matcher(html).replaceAll("")
        .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
  }
}
