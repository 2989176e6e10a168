package org.swiftline.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.TranscriptEntry;

/**
 * The contract every store implementation passes. To test an implementation, extend this class and open
 * fresh, empty stores in {@link #open}.
 */
public abstract class StoreContract extends StoresUnderTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");


  protected static Conversation conversation(String id, String user) {
    return new Conversation(id, new ChannelIdentity("web", user), "en", T0, T0, new JsonObject().put("k", "v"));
  }

  protected static NewEntry entry(String author, String text) {
    return new NewEntry(author, text, List.of(), "en", author.equals("bot") ? "answered" : null, null, T0);
  }

  @Test
  void anUnknownConversationIsEmpty() {
    assertEquals(Optional.empty(), stores.conversations().find("nope").await());
  }

  @Test
  void recordsAConversationWithItsOwnerLanguageAndState() {
    stores.conversations().record(conversation("c1", "alice"), List.of(entry("user", "hi"))).await();
    Conversation found = stores.conversations().find("c1").await().orElseThrow();
    assertEquals(new ChannelIdentity("web", "alice"), found.owner());
    assertEquals("en", found.language());
    assertEquals("v", found.state().getString("k"));
  }

  @Test
  void numbersEntriesFromOneAndContinuesAcrossRecords() {
    List<TranscriptEntry> first = stores.conversations().record(conversation("c2", "bob"),
        List.of(entry("user", "q1"), entry("bot", "a1"))).await();
    assertEquals(List.of(1L, 2L), first.stream().map(TranscriptEntry::seq).toList());
    Conversation updated = conversation("c2", "bob").with("fr", T0.plusSeconds(5), new JsonObject().put("k", "w"));
    List<TranscriptEntry> second = stores.conversations().record(updated, List.of(entry("user", "q2"), entry("bot", "a2"))).await();
    assertEquals(List.of(3L, 4L), second.stream().map(TranscriptEntry::seq).toList());
    Conversation found = stores.conversations().find("c2").await().orElseThrow();
    assertEquals("fr", found.language());
    assertEquals("w", found.state().getString("k"));
  }

  @Test
  void transcriptReturnsEntriesAfterASequenceNumberInOrder() {
    stores.conversations().record(conversation("c3", "carol"), List.of(
        entry("user", "q1"),
        new NewEntry("bot", "a1", List.of(new QuickReply("Yes", "feedback:helpful")), "en", "answered", "art", T0))).await();
    stores.conversations().record(conversation("c3", "carol"), List.of(entry("user", "q2"))).await();
    List<TranscriptEntry> after1 = stores.conversations().transcript("c3", 1, 100).await();
    assertEquals(List.of("a1", "q2"), after1.stream().map(TranscriptEntry::text).toList());
    assertEquals("feedback:helpful", after1.get(0).quickReplies().get(0).payload());
    assertEquals(1, stores.conversations().transcript("c3", 0, 1).await().size());
    assertTrue(stores.conversations().transcript("other", 0, 100).await().isEmpty());
  }

  @Test
  void articlesAreListedByEntryNumberForBotEntriesThatHaveOne() {
    stores.conversations().record(conversation("c5", "dora"), List.of(
        entry("user", "q1"),
        new NewEntry("bot", "a1", List.of(), "en", "answered", "visa-extension", T0),
        entry("user", "q2"),
        entry("bot", "no answer"))).await();
    assertEquals(java.util.Map.of(2L, "visa-extension"), stores.conversations().articles("c5").await());
    assertTrue(stores.conversations().articles("other").await().isEmpty());
  }

  @Test
  void concurrentRecordsOnOneConversationGetDistinctNumbers() {
    stores.conversations().record(conversation("c4", "dan"), List.of(entry("user", "start"))).await();
    List<Future<List<TranscriptEntry>>> writes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      writes.add(stores.conversations().record(conversation("c4", "dan"), List.of(entry("user", "m" + i))));
    }
    Future.all(writes).await();
    List<TranscriptEntry> all = stores.conversations().transcript("c4", 0, 100).await();
    assertEquals(21, all.size());
    assertEquals(21, all.stream().map(TranscriptEntry::seq).distinct().count());
  }

  @Test
  void recordsFeedbackPerConversation() {
    stores.conversations().record(conversation("c5", "eve"), List.of(entry("user", "q"))).await();
    stores.feedback().record(new AnswerFeedback("c5", "visa-extension", "en", false, T0)).await();
    stores.feedback().record(new AnswerFeedback("c5", "visa-extension", "en", true, T0.plusSeconds(1))).await();
    List<AnswerFeedback> found = stores.feedback().forConversation("c5").await();
    assertEquals(2, found.size());
    assertFalse(found.get(0).helpful());
    assertTrue(found.get(1).helpful());
  }

  @Test
  void keepsUnansweredQuestionsWithoutPhoneNumbersNewestFirstWithinAPeriod() {
    FeedbackStore f = stores.feedback();
    f.recordUnanswered(UnansweredQuestion.of("where can I buy a peking duck", "en", T0)).await();
    f.recordUnanswered(UnansweredQuestion.of("call me on +86 138 0013 8000 about duck", "en", T0.plusSeconds(10))).await();
    f.recordUnanswered(UnansweredQuestion.of("哪里有烤鸭", "zh", T0.plusSeconds(20))).await();
    f.recordUnanswered(UnansweredQuestion.of("later", "en", T0.plusSeconds(30))).await();
    List<UnansweredQuestion> found = f.unanswered(T0, T0.plusSeconds(30), 10).await();
    assertEquals(List.of("哪里有烤鸭", "call me on [number removed] about duck", "where can I buy a peking duck"),
        found.stream().map(UnansweredQuestion::text).toList());
    assertEquals("zh", found.get(0).language());
    assertEquals(T0.plusSeconds(20), found.get(0).at());
    assertEquals(1, f.unanswered(T0, T0.plusSeconds(30), 1).await().size());
    assertTrue(f.unanswered(T0.plusSeconds(31), T0.plusSeconds(60), 10).await().isEmpty());
  }
}
