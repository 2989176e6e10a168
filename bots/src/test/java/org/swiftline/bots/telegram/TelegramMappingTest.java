package org.swiftline.bots.telegram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.InboundMessage;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.Reply;
import org.swiftline.bots.telegram.TelegramMapping.Incoming;
import org.swiftline.bots.telegram.TelegramMapping.Kind;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.objects.Update;

/** The Telegram mapping on Bot API updates in their wire format (src/test/resources/telegram). */
class TelegramMappingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-28T09:00:00Z");

  private static Update update(String name) {
    try (InputStream in = TelegramMappingTest.class.getResourceAsStream("/telegram/" + name)) {
      return JSON.readValue(in, Update.class);
    } catch (IOException e) {
      throw new IllegalStateException(name, e);
    }
  }

  private static Incoming read(String name) {
    return TelegramMapping.read(update(name), NOW).orElseThrow();
  }

  private static JsonNode wire(SendMessage message) {
    return JSON.valueToTree(message);
  }

  @Test
  void aTextMessageBecomesAnInboundMessageOfTheChatWithTheTelegramLanguageAsHint() {
    Incoming in = read("message_text_ru.json");
    assertEquals(918273650L, in.updateId());
    assertEquals(Kind.MESSAGE, in.kind());
    assertEquals("5120398471", in.chatId());
    InboundMessage m = in.message();
    assertEquals("telegram", m.from().channel());
    assertEquals("5120398471", m.from().userId());
    assertEquals("Как продлить визу?", m.text());
    assertEquals("ru", m.languageHint());
    assertNull(m.payload());
    assertNull(m.conversationId(), "the adapter supplies the chat's conversation");
    assertEquals(NOW, m.receivedAt());
    assertNull(in.callbackQueryId());
  }

  @Test
  void startIsAGreetingCommand() {
    Incoming in = read("message_start.json");
    assertEquals(Kind.START, in.kind());
    assertEquals("ru", in.languageHint());
    assertNull(in.message());
  }

  @Test
  void operatorCommandAddressedToTheBotInAGroupBecomesTheOperatorRequest() {
    Incoming in = read("message_operator_group.json");
    assertEquals(Kind.MESSAGE, in.kind());
    assertEquals("-1002233445566", in.chatId(), "a group is one conversation");
    assertEquals("request:operator", in.message().payload());
    assertEquals("zh-hans", in.message().languageHint());
  }

  @Test
  void aButtonPressCarriesItsDataAsPayloadAndItsTitleAsText() {
    Incoming in = read("callback_query_clarify.json");
    assertEquals(Kind.MESSAGE, in.kind());
    assertEquals("5120398471", in.chatId());
    assertEquals("2199045312398476231", in.callbackQueryId());
    assertEquals("article:visa-extension", in.message().payload());
    assertEquals("Extending your visa or stay in China", in.message().text());
    assertEquals("en", in.message().languageHint());
  }

  @Test
  void aPickInTheLanguageMenuSetsTheLanguage() {
    Incoming in = read("callback_query_language.json");
    assertEquals(Kind.LANGUAGE, in.kind());
    assertEquals("ru", in.argument());
    assertEquals("2199045313017263344", in.callbackQueryId());
  }

  @Test
  void langCommandWithAndWithoutALanguage() {
    Update update = update("message_start.json");
    update.getMessage().setText("/lang zh");
    assertEquals("zh", TelegramMapping.read(update, NOW).orElseThrow().argument());
    update.getMessage().setText("/lang");
    Incoming menu = TelegramMapping.read(update, NOW).orElseThrow();
    assertEquals(Kind.LANGUAGE, menu.kind());
    assertNull(menu.argument());
  }

  @Test
  void appealAndStatusCommandsBecomeRequestsWithTheTextAsWritten() {
    Update update = update("message_start.json");
    update.getMessage().setText("/appeal the street light is broken");
    Incoming appeal = TelegramMapping.read(update, NOW).orElseThrow();
    assertEquals("request:appeal", appeal.message().payload());
    assertEquals("/appeal the street light is broken", appeal.message().text());
    update.getMessage().setText("/status");
    assertEquals("request:status", TelegramMapping.read(update, NOW).orElseThrow().message().payload());
  }

  @Test
  void aPhotoInAPrivateChatGetsTheTextOnlyAnswer() {
    Incoming in = read("message_photo.json");
    assertEquals(Kind.UNSUPPORTED, in.kind());
    assertEquals("en", in.languageHint());
  }

  @Test
  void serviceMessagesInGroupsAndEditedMessagesAreNotActedOn() {
    assertEquals(Optional.empty(), TelegramMapping.read(update("message_new_member_group.json"), NOW));
    assertEquals(Optional.empty(), TelegramMapping.read(update("edited_message.json"), NOW));
  }

  @Test
  void anOverlongMessageIsCutToTheDialoguesLimit() {
    Update update = update("message_text_ru.json");
    update.getMessage().setText("а".repeat(4096));
    assertEquals(InboundMessage.MAX_TEXT, TelegramMapping.read(update, NOW).orElseThrow().message().text().length());
  }

  @Test
  void quickRepliesBecomeAnInlineKeyboardOnePerRow() {
    Reply reply = new Reply("I found more than one possible answer. Which one do you mean?", List.of(
        new QuickReply("Work permits for foreigners", "article:work-permit"),
        new QuickReply("Extending your visa or stay in China", "article:visa-extension")));
    List<SendMessage> messages = TelegramMapping.render("5120398471", List.of(reply));
    assertEquals(1, messages.size());
    JsonNode json = wire(messages.get(0));
    assertEquals("sendmessage", json.get("method").asText().toLowerCase());
    assertEquals("5120398471", json.get("chat_id").asText());
    assertEquals("HTML", json.get("parse_mode").asText());
    JsonNode keyboard = json.get("reply_markup").get("inline_keyboard");
    assertEquals(2, keyboard.size());
    assertEquals("Work permits for foreigners", keyboard.get(0).get(0).get("text").asText());
    assertEquals("article:visa-extension", keyboard.get(1).get(0).get("callback_data").asText());
  }

  @Test
  void aPayloadTooLongForCallbackDataSendsTheTitleInstead() {
    String longId = "article:" + "a-very-long-article-identifier-".repeat(3);
    Reply reply = new Reply("Which one?", List.of(new QuickReply("A long one", longId)));
    JsonNode button = wire(TelegramMapping.render("42", reply).get(0)).get("reply_markup").get("inline_keyboard").get(0).get(0);
    assertEquals("title:0", button.get("callback_data").asText());
    assertTrue(button.get("callback_data").asText().length() <= TelegramMapping.MAX_CALLBACK_DATA);

    // when the person presses it, the title goes to the dialogue (which recognises offered titles)
    Update press = update("callback_query_clarify.json");
    press.getCallbackQuery().setData("title:0");
    var markup = TelegramMapping.keyboard(reply.quickReplies());
    ((org.telegram.telegrambots.meta.api.objects.message.Message) press.getCallbackQuery().getMessage()).setReplyMarkup(markup);
    Incoming in = TelegramMapping.read(press, NOW).orElseThrow();
    assertEquals("A long one", in.message().text());
    assertNull(in.message().payload());
  }

  @Test
  void markdownBecomesEscapedTelegramHtml() {
    String html = TelegramMapping.html("Fees <100 CNY> & more: **7 days before**; see [the office](https://example.gov/a?b=1&c=\"2\").");
    assertEquals("Fees &lt;100 CNY&gt; &amp; more: <b>7 days before</b>; see "
        + "<a href=\"https://example.gov/a?b=1&amp;c=&quot;2&quot;\">the office</a>.", html);
    assertEquals("Fees <100 CNY> & more: 7 days before; see the office.", TelegramMapping.plain(html));
  }

  @Test
  void longTextsAreSplitAtSentenceBoundariesWithinTelegramsLimit() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < 10_000; i++) text.append("Sentence number ").append(i).append(" says something useful. ");
    List<String> parts = TelegramMapping.split(text.toString(), TelegramMapping.MAX_TEXT);
    assertEquals(3, parts.size());
    for (String part : parts) {
      assertTrue(part.length() <= TelegramMapping.MAX_TEXT, "part of " + part.length());
      assertTrue(part.endsWith("useful."), "ends mid-sentence: ..." + part.substring(part.length() - 20));
      assertTrue(part.startsWith("Sentence number "));
    }
    assertEquals(text.toString().strip(), String.join(" ", parts));
  }

  @Test
  void paragraphsArePreferredAndChineseSentencesEndAtTheirFullStop() {
    String paragraph = "First paragraph. " + "x".repeat(60) + ".";
    List<String> parts = TelegramMapping.split(paragraph + "\n\nSecond paragraph is here.", 100);
    assertEquals(List.of(paragraph, "Second paragraph is here."), parts);

    String chinese = "请在居留期满前至少七日向出入境管理部门申请。".repeat(10);
    List<String> zh = TelegramMapping.split(chinese, 50);
    zh.forEach(part -> {
      assertTrue(part.length() <= 50);
      assertTrue(part.endsWith("。"), part);
    });
    assertEquals(chinese, String.join("", zh));
  }

  @Test
  void textWithoutAnyBoundaryIsCutHardWithoutBreakingASurrogatePair() {
    String emoji = "\uD83D\uDE00".repeat(10); // 20 UTF-16 units
    List<String> parts = TelegramMapping.split(emoji, 7);
    for (String part : parts) {
      assertTrue(part.length() <= 7);
      assertFalse(Character.isHighSurrogate(part.charAt(part.length() - 1)));
    }
    assertEquals(emoji, String.join("", parts));
  }

  @Test
  void aLongAnswerIsSeveralMessagesWithTheKeyboardUnderTheLast() {
    String body = "This sentence is part of a long answer. ".repeat(200);
    Reply reply = new Reply(body, List.of(new QuickReply("That helped", "feedback:helpful")));
    List<SendMessage> messages = TelegramMapping.render("42", reply);
    assertEquals(2, messages.size());
    assertNull(messages.get(0).getReplyMarkup());
    assertEquals("feedback:helpful",
        wire(messages.get(1)).get("reply_markup").get("inline_keyboard").get(0).get(0).get("callback_data").asText());
  }

  @Test
  void theLanguageMenuNamesEachLanguageInItself() {
    JsonNode keyboard = wire(TelegramMapping.languageMenu("42", "Choose your language:", List.of("en", "ru", "zh")))
        .get("reply_markup").get("inline_keyboard");
    assertEquals("English", keyboard.get(0).get(0).get("text").asText());
    assertEquals("Русский", keyboard.get(0).get(1).get("text").asText());
    assertEquals("lang:zh", keyboard.get(1).get(0).get("callback_data").asText());
    assertEquals("中文", keyboard.get(1).get(0).get("text").asText());
  }

  @Test
  void optionsNeverShowTheTokenOrSecret() {
    TelegramOptions options = TelegramOptions.of("123456:SECRET-token_value", null,
        java.net.URI.create("https://hotline.example.gov/telegram/hook"), "webhook-secret-value");
    assertFalse(options.toString().contains("SECRET-token_value"), options.toString());
    assertFalse(options.toString().contains("webhook-secret-value"), options.toString());
    assertEquals("123456", options.botId());
  }
}
