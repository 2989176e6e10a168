package org.swiftline.gateway.channels;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.Function;
import org.swiftline.bots.telegram.TelegramOptions;
import org.swiftline.bots.webhook.WebhookOptions;
import org.swiftline.gateway.Settings.InvalidSetting;

/**
 * The messaging channels' settings. A channel is on exactly when its credentials are set: Telegram with
 * {@code SWIFTLINE_TELEGRAM_TOKEN}, the signed webhook with {@code SWIFTLINE_WEBHOOK_SECRET}. Secrets are
 * never part of {@link #toString()} nor of any error message.
 *
 * @param telegram the Telegram channel's options, or null when it is off
 * @param webhook the signed webhook channel's options, or null when it is off
 */
public record ChannelSettings(TelegramOptions telegram, WebhookOptions webhook) {
  public static final ChannelSettings NONE = new ChannelSettings(null, null);

  /** Reads and validates the channel settings; a bad one throws {@link InvalidSetting} naming it. */
  public static ChannelSettings from(Function<String, String> lookup) {
    Function<String, String> get = name -> {
      String value = lookup.apply(name);
      return value == null || value.isBlank() ? null : value.trim();
    };
    return new ChannelSettings(telegram(get), webhook(get));
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
    return "ChannelSettings[telegram=" + telegram + ", webhook=" + webhook + "]";
  }
}
