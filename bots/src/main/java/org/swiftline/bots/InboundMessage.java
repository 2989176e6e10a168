package org.swiftline.bots;

import java.time.Instant;
import java.util.Objects;

/**
 * A message a person sent on some channel, in channel-neutral form.
 *
 * @param from who wrote it
 * @param conversationId the conversation to continue, or {@code null} to let the gateway choose
 * @param text what the person wrote (1 to {@link #MAX_TEXT} characters)
 * @param payload the payload of the quick reply the person picked, or {@code null}
 * @param languageHint a BCP-47 hint from the client or the platform (browser, Telegram), or {@code null}
 * @param receivedAt when the channel received it
 */
public record InboundMessage(
    ChannelIdentity from,
    String conversationId,
    String text,
    String payload,
    String languageHint,
    Instant receivedAt) {
  public static final int MAX_TEXT = 4000;

  public InboundMessage {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(receivedAt, "receivedAt");
    int length = text.codePointCount(0, text.length());
    if (text.isBlank() || length > MAX_TEXT) {
      throw new IllegalArgumentException("text must be 1 to " + MAX_TEXT + " characters");
    }
    if (payload != null && (payload.isBlank() || payload.length() > 256)) {
      throw new IllegalArgumentException("payload must be 1 to 256 characters");
    }
    if (languageHint != null && !LanguageTags.isWellFormed(languageHint)) {
      throw new IllegalArgumentException("language must be a BCP-47 tag such as 'en' or 'zh-CN'");
    }
  }
}
