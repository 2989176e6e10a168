package org.swiftline.bots.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the signed webhook channel works: the shared secret, where outbound messages go, and its timing.
 * The secret never appears in {@link #toString()}.
 *
 * @param secret the HMAC-SHA256 key shared with the integration (at least 16 characters)
 * @param outboundUrl where outbound messages are POSTed, or null when the integration takes none
 * @param tolerance how far a request's timestamp may be from the gateway's clock
 * @param maxAttempts how often an outbound message is tried before it is given up
 * @param firstBackoff the pause before the first retry; it doubles with each retry
 * @param dedupeWindow how long a {@code messageId} is remembered, to recognise retries
 */
public record WebhookOptions(
    String secret, URI outboundUrl, Duration tolerance, int maxAttempts, Duration firstBackoff, Duration dedupeWindow) {
  public static final int MIN_SECRET = 16;

  public WebhookOptions {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(tolerance, "tolerance");
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    Objects.requireNonNull(dedupeWindow, "dedupeWindow");
    if (secret.length() < MIN_SECRET) throw new IllegalArgumentException("secret must be at least " + MIN_SECRET + " characters");
    if (outboundUrl != null && (!"https".equals(outboundUrl.getScheme()) && !"http".equals(outboundUrl.getScheme())
        || outboundUrl.getHost() == null)) {
      throw new IllegalArgumentException("outboundUrl must be an http(s) URL");
    }
    if (tolerance.isNegative() || tolerance.isZero()) throw new IllegalArgumentException("tolerance must be positive");
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    if (firstBackoff.isNegative()) throw new IllegalArgumentException("firstBackoff must not be negative");
    if (dedupeWindow.isNegative() || dedupeWindow.isZero()) throw new IllegalArgumentException("dedupeWindow must be positive");
  }

  /** Five minutes' tolerance, eight attempts from one second apart (about four minutes in all), a day's dedupe. */
  public static WebhookOptions of(String secret, URI outboundUrl) {
    return new WebhookOptions(secret, outboundUrl, Duration.ofMinutes(5), 8, Duration.ofSeconds(1), Duration.ofDays(1));
  }

  @Override
  public String toString() {
    return "WebhookOptions[outboundUrl=" + outboundUrl + ", tolerance=" + tolerance + ", maxAttempts=" + maxAttempts + "]";
  }
}
