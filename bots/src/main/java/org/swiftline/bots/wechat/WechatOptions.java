package org.swiftline.bots.wechat;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How the WeChat Official Account channel connects: the server token (for signatures), the account's AppID
 * and AppSecret (for the access token of the customer-service API), the API's base URL, the path WeChat
 * posts to, and the channel's timing. Secrets never appear in {@link #toString()}.
 *
 * @param token the Token entered in the account's server configuration (3 to 32 letters and digits)
 * @param appId the account's AppID ({@code wx...})
 * @param appSecret the account's AppSecret
 * @param apiUrl the API base URL, {@code https://api.weixin.qq.com} or a local server in tests
 * @param path the path of the server URL configured in WeChat, e.g. {@code /wechat}
 * @param replyBudget how long a message may take to be answered in WeChat's response (WeChat waits 5 s);
 *     later answers go through the customer-service API; zero sends every answer that way
 * @param apiTimeout how long a call to WeChat's API may take
 * @param tolerance how far a request's timestamp may be from the gateway's clock
 * @param dedupeWindow how long a message id is remembered, to recognise WeChat's retries
 * @param maxAttempts how often a customer-service message is tried when WeChat is busy or unreachable
 * @param firstBackoff the pause before the first retry; it doubles with each retry
 * @param aesKey the account's EncodingAESKey for safe mode (43 characters), or null for plaintext mode only
 */
public record WechatOptions(
    String token, String appId, String appSecret, URI apiUrl, String path, Duration replyBudget, Duration apiTimeout,
    Duration tolerance, Duration dedupeWindow, int maxAttempts, Duration firstBackoff, String aesKey) {
  public static final URI DEFAULT_API_URL = URI.create("https://api.weixin.qq.com");
  public static final String DEFAULT_PATH = "/wechat";
  public static final Duration DEFAULT_REPLY_BUDGET = Duration.ofMillis(4000);
  /** WeChat closes the connection after five seconds; a budget must leave time to answer. */
  public static final Duration MAX_REPLY_BUDGET = Duration.ofMillis(4800);

  public WechatOptions {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(appSecret, "appSecret");
    Objects.requireNonNull(apiUrl, "apiUrl");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(replyBudget, "replyBudget");
    Objects.requireNonNull(apiTimeout, "apiTimeout");
    Objects.requireNonNull(tolerance, "tolerance");
    Objects.requireNonNull(dedupeWindow, "dedupeWindow");
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    if (!token.matches("[A-Za-z0-9]{3,32}")) {
      throw new IllegalArgumentException("token must be 3 to 32 letters and digits (the Token of the account's server configuration)");
    }
    if (!appId.matches("[A-Za-z0-9_-]{6,64}")) throw new IllegalArgumentException("appId must look like wx1234567890abcdef");
    if (!appSecret.matches("[A-Za-z0-9_-]{16,128}")) {
      throw new IllegalArgumentException("appSecret must be the account's AppSecret (16 or more letters and digits)");
    }
    String scheme = apiUrl.getScheme();
    boolean bare = apiUrl.getRawPath() == null || apiUrl.getRawPath().isEmpty() || apiUrl.getRawPath().equals("/");
    if (!("https".equals(scheme) || "http".equals(scheme)) || apiUrl.getHost() == null || !bare || apiUrl.getRawQuery() != null
        || apiUrl.getRawUserInfo() != null) {
      throw new IllegalArgumentException("apiUrl must be http(s)://host[:port] with no path, e.g. https://api.weixin.qq.com");
    }
    if (!path.matches("/[A-Za-z0-9/_.-]{1,200}") || path.contains("//")) {
      throw new IllegalArgumentException("path must be a URL path such as /wechat");
    }
    if (replyBudget.isNegative() || replyBudget.compareTo(MAX_REPLY_BUDGET) > 0) {
      throw new IllegalArgumentException("replyBudget must be 0 to " + MAX_REPLY_BUDGET.toMillis() + " ms (WeChat waits 5 s)");
    }
    if (apiTimeout.toMillis() < 100) throw new IllegalArgumentException("apiTimeout must be at least 100 ms");
    if (tolerance.isNegative() || tolerance.isZero()) throw new IllegalArgumentException("tolerance must be positive");
    if (dedupeWindow.isNegative() || dedupeWindow.isZero()) throw new IllegalArgumentException("dedupeWindow must be positive");
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
    if (firstBackoff.isNegative()) throw new IllegalArgumentException("firstBackoff must not be negative");
    if (aesKey != null && !aesKey.matches("[A-Za-z0-9+/]{43}")) {
      throw new IllegalArgumentException("aesKey must be the account's EncodingAESKey: 43 letters and digits");
    }
  }

  /**
   * A four-second reply budget, ten-second API calls, five minutes' timestamp tolerance, message ids
   * remembered for an hour, five attempts from half a second apart.
   */
  public static WechatOptions of(String token, String appId, String appSecret, URI apiUrl, String path) {
    return new WechatOptions(token, appId, appSecret, apiUrl == null ? DEFAULT_API_URL : apiUrl,
        path == null ? DEFAULT_PATH : path, DEFAULT_REPLY_BUDGET, Duration.ofSeconds(10), Duration.ofMinutes(5),
        Duration.ofHours(1), 5, Duration.ofMillis(500), null);
  }

  public WechatOptions withTiming(Duration replyBudget, Duration apiTimeout) {
    return new WechatOptions(token, appId, appSecret, apiUrl, path, replyBudget, apiTimeout, tolerance, dedupeWindow,
        maxAttempts, firstBackoff, aesKey);
  }

  /** These options with safe mode's key (null for plaintext only). */
  public WechatOptions withAesKey(String aesKey) {
    return new WechatOptions(token, appId, appSecret, apiUrl, path, replyBudget, apiTimeout, tolerance, dedupeWindow,
        maxAttempts, firstBackoff, aesKey);
  }

  @Override
  public String toString() {
    return "WechatOptions[appId=" + appId + ", apiUrl=" + apiUrl + ", path=" + path + ", replyBudget=" + replyBudget
        + ", mode=" + (aesKey == null ? "plaintext" : "plaintext+safe") + "]";
  }
}
