package org.swiftline.gateway.llm;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.gateway.store.ConversationStore;

/**
 * Hand-off summaries: a few lines for the operator who takes a conversation over, written by the model;
 * when the model cannot answer in time, the person's own last messages instead.
 */
public final class HandoffSummaries {
  private static final int LAST_ENTRIES = 40;
  private static final int FALLBACK_MESSAGES = 3;

  /** A summary and where it comes from: {@code model}, or {@code transcript} for the fallback. */
  public record Summary(String conversationId, String text, String source) {}

  /** The conversation does not exist. */
  public static final class NoSuchConversation extends RuntimeException {
    public NoSuchConversation(String id) {
      super("no conversation '" + id + "'", null, false, false);
    }
  }

  private final ModelClient client;
  private final Prompts prompts;
  private final PersonalData personal;
  private final ConversationStore conversations;
  private final long timeoutMs;

  public HandoffSummaries(ModelClient client, Prompts prompts, PersonalData personal, ConversationStore conversations, long timeoutMs) {
    this.client = client;
    this.prompts = prompts;
    this.personal = personal;
    this.conversations = conversations;
    this.timeoutMs = timeoutMs;
  }

  /**
   * @param language the operator's language, which the summary is written in
   * @return a future that succeeds with the summary (the model's, else the fallback), or fails with
   *     {@link NoSuchConversation}
   */
  public Future<Summary> summarise(String conversationId, String language) {
    return conversations.find(conversationId).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(new NoSuchConversation(conversationId));
      return conversations.transcript(conversationId, 0, 10_000);
    }).compose(all -> {
      List<TranscriptEntry> entries = all.subList(Math.max(0, all.size() - LAST_ENTRIES), all.size());
      StringBuilder lines = new StringBuilder();
      for (TranscriptEntry e : entries) {
        String who = e.author().equals("user") ? "person" : e.author();
        lines.append(who).append(": ").append(personal.mask(e.text()).text().replace('\n', ' ')).append('\n');
      }
      PromptTemplate.Rendered prompt = prompts.get(Prompts.HANDOFF_SUMMARY).render(Map.of(
          "language", Languages.describe(language), "conversation", Delimited.conversation(lines.toString().strip())));
      return client.call(prompt, false, timeoutMs)
          .map(text -> new Summary(conversationId, text.strip(), "model"))
          .recover(e -> Future.succeededFuture(new Summary(conversationId, fallback(entries), "transcript")));
    });
  }

  private static String fallback(List<TranscriptEntry> entries) {
    List<String> said = entries.stream().filter(e -> e.author().equals("user")).map(TranscriptEntry::text).toList();
    return String.join("\n", said.subList(Math.max(0, said.size() - FALLBACK_MESSAGES), said.size()));
  }
}
