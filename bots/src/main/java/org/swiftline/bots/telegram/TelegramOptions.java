package org.swiftline.bots.telegram;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.telegram.telegrambots.meta.TelegramUrl;

/**
 * How the Telegram channel connects: the bot token, the Bot API's base URL, and for webhook mode the public
 * URL and the secret token Telegram sends with every call; plus Telegram's sending limits. Secrets never
 * appear in {@link #toString()}.
 *
 * @param token the bot token from @BotFather ({@code 123456:ABC...})
 * @param apiUrl the Bot API base URL, {@code https://api.telegram.org} or a local Bot API server
 * @param webhookUrl the public HTTPS URL Telegram posts updates to, or null for long polling
 * @param webhookSecret the secret token for webhook mode (1 to 256 of {@code A-Z a-z 0-9 _ -}), or null
 * @param perChatInterval the least time between two messages to one chat (Telegram: about one a second)
 * @param perSecond the most messages a second over all chats (Telegram: about 30)
 * @param maxAttempts how often a message is tried before it is dropped (429s and transient failures)
 * @param firstBackoff the pause before the first retry of a transient failure; it doubles with each retry
 * @param pollTimeoutSeconds how long one long-polling {@code getUpdates} call waits for updates
 */
public record TelegramOptions(
    String token, URI apiUrl, URI webhookUrl, String webhookSecret, Duration perChatInterval, int perSecond,
    int maxAttempts, Duration firstBackoff, int pollTimeoutSeconds) {
  public static final URI DEFAULT_API_URL = URI.create("https://api.telegram.org");
  private static final String TOKEN = "[0-9]{1,20}:[A-Za-z0-9_-]{1,200}";
  private static final String SECRET = "[A-Za-z0-9_-]{1,256}";

  public TelegramOptions {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(apiUrl, "apiUrl");
    Objects.requireNonNull(perChatInterval, "perChatInterval");
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    if (!token.matches(TOKEN)) {
      throw new IllegalArgumentException("token must look like 123456:ABC-DEF (the bot token from @BotFather)");
    }
    checkApiUrl(apiUrl);
    if (webhookUrl != null) {
      if (!"https".equals(webhookUrl.getScheme()) && !"http".equals(webhookUrl.getScheme()) || webhookUrl.getHost() == null) {
        throw new IllegalArgumentException("webhookUrl must be an https URL such as https://hotline.example.gov/telegram/webhook");
      }
      if (webhookUrl.getRawPath() == null || webhookUrl.getRawPath().length() < 2) {
        throw new IllegalArgumentException("webhookUrl must have a path (the gateway serves the webhook on it)");
      }
      if (webhookSecret == null) {
        throw new IllegalArgumentException("webhookSecret is required in webhook mode, so that only Telegram can post updates");
      }
    }
    if (webhookSecret != null && !webhookSecret.matches(SECRET)) {
      throw new IllegalArgumentException("webhookSecret must be 1 to 256 characters of A-Z, a-z, 0-9, _ and -");
    }
    if (perChatInterval.isNegative()) throw new IllegalArgumentException("perChatInterval must not be negative");
    if (perSecond < 1) throw new IllegalArgumentException("perSecond must be at least 1");
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    if (firstBackoff.isNegative()) throw new IllegalArgumentException("firstBackoff must not be negative");
    if (pollTimeoutSeconds < 0 || pollTimeoutSeconds > 120) {
      throw new IllegalArgumentException("pollTimeoutSeconds must be 0 to 120");
    }
  }

  /** Telegram's documented limits, long-polling for 50 seconds at a time. */
  public static TelegramOptions of(String token, URI apiUrl, URI webhookUrl, String webhookSecret) {
    return new TelegramOptions(token, apiUrl == null ? DEFAULT_API_URL : apiUrl, webhookUrl, webhookSecret,
        Duration.ofSeconds(1), 30, 6, Duration.ofMillis(500), 50);
  }

  /** Whether updates come by webhook (else by long polling). */
  public boolean webhook() {
    return webhookUrl != null;
  }

  /** The bot's numeric id: the part of the token before the colon (public, unlike the rest). */
  public String botId() {
    return token.substring(0, token.indexOf(':'));
  }

  /** The API base URL as TelegramBots takes it. */
  TelegramUrl telegramUrl() {
    boolean https = "https".equals(apiUrl.getScheme());
    int port = apiUrl.getPort() > 0 ? apiUrl.getPort() : https ? 443 : 80;
    return new TelegramUrl(apiUrl.getScheme(), apiUrl.getHost(), port, false);
  }

  /**
   * Checks a Bot API base URL: {@code http} or {@code https}, a host, an optional port and nothing else
   * (TelegramBots builds {@code <base>/bot<token>/<method>}).
   */
  public static void checkApiUrl(URI apiUrl) {
    String scheme = apiUrl.getScheme();
    boolean bare = apiUrl.getRawPath() == null || apiUrl.getRawPath().isEmpty() || apiUrl.getRawPath().equals("/");
    if (!("https".equals(scheme) || "http".equals(scheme)) || apiUrl.getHost() == null || !bare
        || apiUrl.getRawQuery() != null || apiUrl.getRawUserInfo() != null) {
      throw new IllegalArgumentException("apiUrl must be http(s)://host[:port] with no path, e.g. https://api.telegram.org");
    }
  }

  public TelegramOptions withLimits(Duration perChatInterval, int perSecond, int maxAttempts, Duration firstBackoff) {
    return new TelegramOptions(token, apiUrl, webhookUrl, webhookSecret, perChatInterval, perSecond, maxAttempts,
        firstBackoff, pollTimeoutSeconds);
  }

  @Override
  public String toString() {
    return "TelegramOptions[bot=" + botId() + ", apiUrl=" + apiUrl + ", mode=" + (webhook() ? "webhook " + webhookUrl : "polling")
        + ", perChatInterval=" + perChatInterval + ", perSecond=" + perSecond + "]";
  }
}
