package org.swiftline.gateway.channels;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.Function;
import java.time.Duration;
import org.swiftline.bots.telegram.TelegramOptions;
import org.swiftline.bots.wechat.WechatOptions;
import org.swiftline.bots.webhook.WebhookOptions;
import org.swiftline.gateway.Settings.InvalidSetting;

/**
 * The messaging channels' settings. A channel is on exactly when its credentials are set: Telegram with
 * {@code SWIFTLINE_TELEGRAM_TOKEN}, the signed webhook with {@code SWIFTLINE_WEBHOOK_SECRET}, WeChat with
 * {@code SWIFTLINE_WECHAT_TOKEN}, {@code SWIFTLINE_WECHAT_APP_ID} and {@code SWIFTLINE_WECHAT_APP_SECRET}. Secrets are
 * never part of {@link #toString()} nor of any error message.
 *
 * @param telegram the Telegram channel's options, or null when it is off
 * @param webhook the signed webhook channel's options, or null when it is off
 * @param wechat the WeChat Official Account channel's options, or null when it is off
 */
public record ChannelSettings(TelegramOptions telegram, WebhookOptions webhook, WechatOptions wechat) {
  public static final ChannelSettings NONE = new ChannelSettings(null, null, null);

  /** Reads and validates the channel settings; a bad one throws {@link InvalidSetting} naming it. */
  public static ChannelSettings from(Function<String, String> lookup) {
    Function<String, String> get = name -> {
      String value = lookup.apply(name);
      return value == null || value.isBlank() ? null : value.trim();
    };
    return new ChannelSettings(telegram(get), webhook(get), wechat(get));
  }

  private static TelegramOptions telegram(Function<String, String> get) {
    String token = get.apply("SWIFTLINE_TELEGRAM_TOKEN");
    URI apiUrl = uri(get, "SWIFTLINE_TELEGRAM_API_URL");
    URI webhookUrl = uri(get, "SWIFTLINE_TELEGRAM_WEBHOOK_URL");
    String secret = get.apply("SWIFTLINE_TELEGRAM_WEBHOOK_SECRET");
    if (token == null) {
      for (String name : new String[] {"SWIFTLINE_TELEGRAM_API_URL", "SWIFTLINE_TELEGRAM_WEBHOOK_URL", "SWIFTLINE_TELEGRAM_WEBHOOK_SECRET"}) {
        if (get.apply(name) != null) throw new InvalidSetting(name + " is set but SWIFTLINE_TELEGRAM_TOKEN is not");
      }
      return null;
    }
    if (webhookUrl == null && secret != null) {
      throw new InvalidSetting("SWIFTLINE_TELEGRAM_WEBHOOK_SECRET is set but SWIFTLINE_TELEGRAM_WEBHOOK_URL is not");
    }
    try {
      return TelegramOptions.of(token, apiUrl, webhookUrl, secret);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      String name = message.startsWith("token") ? "SWIFTLINE_TELEGRAM_TOKEN"
          : message.startsWith("apiUrl") ? "SWIFTLINE_TELEGRAM_API_URL"
          : message.startsWith("webhookUrl") ? "SWIFTLINE_TELEGRAM_WEBHOOK_URL"
          : "SWIFTLINE_TELEGRAM_WEBHOOK_SECRET";
      throw new InvalidSetting(name + ": " + message.substring(message.indexOf(' ') + 1));
    }
  }

  private static WebhookOptions webhook(Function<String, String> get) {
    String secret = get.apply("SWIFTLINE_WEBHOOK_SECRET");
    URI outbound = uri(get, "SWIFTLINE_WEBHOOK_OUTBOUND_URL");
    if (secret == null) {
      if (outbound != null) throw new InvalidSetting("SWIFTLINE_WEBHOOK_OUTBOUND_URL is set but SWIFTLINE_WEBHOOK_SECRET is not");
      return null;
    }
    try {
      return WebhookOptions.of(secret, outbound);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      String name = message.startsWith("secret") ? "SWIFTLINE_WEBHOOK_SECRET" : "SWIFTLINE_WEBHOOK_OUTBOUND_URL";
      throw new InvalidSetting(name + ": " + message.substring(message.indexOf(' ') + 1));
    }
  }

  private static WechatOptions wechat(Function<String, String> get) {
    String[] credentials = {"SWIFTLINE_WECHAT_TOKEN", "SWIFTLINE_WECHAT_APP_ID", "SWIFTLINE_WECHAT_APP_SECRET"};
    String[] others = {"SWIFTLINE_WECHAT_API_URL", "SWIFTLINE_WECHAT_PATH", "SWIFTLINE_WECHAT_REPLY_BUDGET_MS",
        "SWIFTLINE_WECHAT_API_TIMEOUT_MS", "SWIFTLINE_WECHAT_AES_KEY"};
    java.util.List<String> missing = new java.util.ArrayList<>();
    for (String name : credentials) if (get.apply(name) == null) missing.add(name);
    if (missing.size() == credentials.length) {
      for (String name : others) {
        if (get.apply(name) != null) throw new InvalidSetting(name + " is set but the WeChat credentials are not");
      }
      return null;
    }
    if (!missing.isEmpty()) {
      throw new InvalidSetting(String.join(" and ", missing) + " must be set too: the WeChat channel needs "
          + String.join(", ", credentials));
    }
    URI apiUrl = uri(get, "SWIFTLINE_WECHAT_API_URL");
    long budget = millis(get, "SWIFTLINE_WECHAT_REPLY_BUDGET_MS", WechatOptions.DEFAULT_REPLY_BUDGET.toMillis(), 0,
        WechatOptions.MAX_REPLY_BUDGET.toMillis());
    long timeout = millis(get, "SWIFTLINE_WECHAT_API_TIMEOUT_MS", 10_000, 100, 120_000);
    try {
      return WechatOptions.of(get.apply("SWIFTLINE_WECHAT_TOKEN"), get.apply("SWIFTLINE_WECHAT_APP_ID"),
              get.apply("SWIFTLINE_WECHAT_APP_SECRET"), apiUrl, get.apply("SWIFTLINE_WECHAT_PATH"))
          .withTiming(Duration.ofMillis(budget), Duration.ofMillis(timeout))
          .withAesKey(get.apply("SWIFTLINE_WECHAT_AES_KEY"));
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      String name = message.startsWith("token") ? "SWIFTLINE_WECHAT_TOKEN"
          : message.startsWith("appId") ? "SWIFTLINE_WECHAT_APP_ID"
          : message.startsWith("appSecret") ? "SWIFTLINE_WECHAT_APP_SECRET"
          : message.startsWith("apiUrl") ? "SWIFTLINE_WECHAT_API_URL"
          : message.startsWith("aesKey") ? "SWIFTLINE_WECHAT_AES_KEY"
          : "SWIFTLINE_WECHAT_PATH";
      throw new InvalidSetting(name + ": " + message.substring(message.indexOf(' ') + 1));
    }
  }

  private static long millis(Function<String, String> get, String name, long fallback, long min, long max) {
    String value = get.apply(name);
    if (value == null) return fallback;
    try {
      long parsed = Long.parseLong(value);
      if (parsed < min || parsed > max) throw new NumberFormatException();
      return parsed;
    } catch (NumberFormatException e) {
      throw new InvalidSetting(name + ": '" + value + "' must be a whole number of milliseconds from " + min + " to " + max);
    }
  }

  private static URI uri(Function<String, String> get, String name) {
    String value = get.apply(name);
    if (value == null) return null;
    try {
      URI uri = new URI(value.trim());
      if (!uri.isAbsolute() || uri.getHost() == null) throw new URISyntaxException(value, "not an absolute URL");
      return uri;
    } catch (URISyntaxException e) {
      throw new InvalidSetting(name + ": '" + value + "' is not an absolute http(s) URL");
    }
  }

  /** The channels that are on, without secrets. */
  @Override
  public String toString() {
    return "ChannelSettings[telegram=" + telegram + ", webhook=" + webhook + ", wechat=" + wechat + "]";
  }
}
