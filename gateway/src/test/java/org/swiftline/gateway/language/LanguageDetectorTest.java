package org.swiftline.gateway.language;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import opennlp.tools.langdetect.LanguageDetectorModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Language detection on chat-length messages, with and without hints and history. */
class LanguageDetectorTest {
  static LanguageDetectorModel model;
  static Map<String, Map<String, Integer>> vocabulary;
  static final Set<String> EIGHT = Set.of("en", "zh", "ru", "ko", "ja", "fr", "es", "ar");

  @BeforeAll
  static void load() {
    model = LanguageDetector.loadModel();
    // As the gateway does: the words of the knowledge base in each language vote too.
    var kb = new org.swiftline.gateway.knowledge.KnowledgeBaseLoader().load(org.swiftline.gateway.TestGateway.repositoryKnowledgeBase());
    Map<String, java.util.List<String>> texts = new java.util.HashMap<>();
    kb.list().forEach(a -> a.texts().values().forEach(t -> {
      var list = texts.computeIfAbsent(t.language(), k -> new java.util.ArrayList<>());
      list.add(t.title());
      list.addAll(t.questions());
      list.add(t.body());
    }));
    vocabulary = LanguageDetector.vocabularyOf(texts);
  }

  private static LanguageDetector detector(Set<String> languages) {
    return new LanguageDetector(model, languages, vocabulary);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "how do i extend my visa|en",
      "lost my passport|en",
      "护照丢了|zh",
      "visa 延期怎么办|zh",
      "как продлить визу|ru",
      "потерял паспорт|ru",
      "비자 연장|ko",
      "여권 분실했어요|ko",
      "ビザの延長|ja",
      "ビザ extension したい|ja",
      "comment prolonger mon visa|fr",
      "j'ai perdu mon passeport|fr",
      "como renovar mi visa|es",
      "perdí mi pasaporte|es",
      "كيف اجدد الفيزا|ar",
      "ضاع جوازي|ar"})
  void detectsShortMessagesAmongEightLanguages(String text, String expected) {
    assertEquals(expected, detector(EIGHT).detect(text, null, null, "en").language());
  }

  @Test
  void aHintDecidesWhatTheTextCannot() {
    assertEquals("es", detector(EIGHT).detect("ok", "es", null, "en").language());
  }

  @Test
  void theConversationsLanguageHoldsForAOneWordReply() {
    assertEquals("fr", detector(EIGHT).detect("ok", null, "fr", "en").language());
    assertEquals("ru", detector(EIGHT).detect("visa", null, "ru", "en").language());
  }

  @Test
  void anUnspacedSentenceInAnotherScriptSwitchesTheLanguage() {
    assertEquals("zh", detector(EIGHT).detect("护照丢了怎么办", null, "en", "en").language());
  }

  @Test
  void longTextOutweighsTheConversation() {
    assertEquals("en", detector(EIGHT).detect("actually could you tell me how to extend my residence permit", null, "fr", "en").language());
  }

  @Test
  void onlySupportedLanguagesAreReturned() {
    Set<String> two = Set.of("en", "zh");
    assertEquals("en", detector(two).detect("как продлить визу", null, null, "en").language(), "falls back, never ru");
    assertEquals("zh", detector(Set.of("zh", "ja")).detect("护照丢了", null, null, "en").language());
    assertEquals("ja", detector(Set.of("en", "ja")).detect("護照", null, null, "en").language(), "Han without Chinese is Japanese");
  }

  @Test
  void textWithoutLettersKeepsTheConversationOrHint() {
    assertEquals("ko", detector(EIGHT).detect("??", null, "ko", "en").language());
    assertEquals("ar", detector(EIGHT).detect("12345", "ar", null, "en").language());
    assertEquals("en", detector(EIGHT).detect("!!", null, null, "en").language());
  }
}
