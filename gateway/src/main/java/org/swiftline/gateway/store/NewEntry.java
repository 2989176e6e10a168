package org.swiftline.gateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.swiftline.bots.QuickReply;

/**
 * A transcript entry to append; the store numbers it.
 *
 * @param author {@code user}, {@code bot}, {@code operator} or {@code system}
 * @param outcome for bot entries, the turn's outcome wire name, else {@code null}
 * @param articleId for bot entries, the article the reply rests on, else {@code null}
 */
public record NewEntry(String author, String text, List<QuickReply> quickReplies, String language, String outcome, String articleId, Instant at) {
  public NewEntry {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(at, "at");
    quickReplies = List.copyOf(quickReplies == null ? List.of() : quickReplies);
  }
}
