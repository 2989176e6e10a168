package org.swiftline.gateway.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftline.gateway.Settings;
import org.swiftline.gateway.Settings.InvalidSetting;

/** Which channels are on, from the environment or the config file, and how bad values are reported. */
class ChannelSettingsTest {
  static final String TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

  private static ChannelSettings channels(Map<String, String> env) {
    return Settings.from(new String[0], env).channels();
  }

  private static String rejected(Map<String, String> env) {
    return assertThrows(InvalidSetting.class, () -> channels(env)).getMessage();
  }

  @Test
  void withoutCredentialsOnlyTheWebChatIsOn() {
    ChannelSettings none = channels(Map.of());
    assertNull(none.telegram());
    assertNull(none.webhook());
  }

  @Test
  void aTokenAloneMeansLongPollingAgainstTelegram() {
    ChannelSettings on = channels(Map.of("SWIFTLINE_TELEGRAM_TOKEN", TOKEN));
    assertFalse(on.telegram().webhook());
    assertEquals(URI.create("https://api.telegram.org"), on.telegram().apiUrl());
    assertEquals("123456789", on.telegram().botId());
  }

  @Test
  void aWebhookUrlAndSecretMeanWebhookMode() {
    ChannelSettings on = channels(Map.of("SWIFTLINE_TELEGRAM_TOKEN", TOKEN,
        "SWIFTLINE_TELEGRAM_WEBHOOK_URL", "https://hotline.example.gov/telegram/webhook",
        "SWIFTLINE_TELEGRAM_WEBHOOK_SECRET", "0123abcd_-XYZ"));
    assertTrue(on.telegram().webhook());
    assertEquals("/telegram/webhook", on.telegram().webhookUrl().getPath());
  }

  @Test
  void badTelegramSettingsNameTheVariableButNotTheSecret() {
    String token = rejected(Map.of("SWIFTLINE_TELEGRAM_TOKEN", "not-a-token-value"));
    assertTrue(token.startsWith("SWIFTLINE_TELEGRAM_TOKEN:"), token);
    assertFalse(token.contains("not-a-token-value"), token);
    assertTrue(rejected(Map.of("SWIFTLINE_TELEGRAM_TOKEN", TOKEN, "SWIFTLINE_TELEGRAM_API_URL", "https://api.telegram.org/bot"))
        .startsWith("SWIFTLINE_TELEGRAM_API_URL:"));
    assertTrue(rejected(Map.of("SWIFTLINE_TELEGRAM_TOKEN", TOKEN, "SWIFTLINE_TELEGRAM_API_URL", "api.telegram.org"))
        .startsWith("SWIFTLINE_TELEGRAM_API_URL:"));
    assertTrue(rejected(Map.of("SWIFTLINE_TELEGRAM_TOKEN", TOKEN,
        "SWIFTLINE_TELEGRAM_WEBHOOK_URL", "https://hotline.example.gov/telegram/webhook"))
        .contains("SWIFTLINE_TELEGRAM_WEBHOOK_SECRET"));
    String secret = rejected(Map.of("SWIFTLINE_TELEGRAM_TOKEN", TOKEN,
        "SWIFTLINE_TELEGRAM_WEBHOOK_URL", "https://hotline.example.gov/telegram/webhook",
        "SWIFTLINE_TELEGRAM_WEBHOOK_SECRET", "has spaces!"));
    assertTrue(secret.startsWith("SWIFTLINE_TELEGRAM_WEBHOOK_SECRET:") && !secret.contains("has spaces"), secret);
    assertTrue(rejected(Map.of("SWIFTLINE_TELEGRAM_WEBHOOK_SECRET", "abc")).contains("SWIFTLINE_TELEGRAM_TOKEN is not"));
    assertTrue(rejected(Map.of("SWIFTLINE_TELEGRAM_TOKEN", TOKEN, "SWIFTLINE_TELEGRAM_WEBHOOK_SECRET", "abc"))
        .contains("SWIFTLINE_TELEGRAM_WEBHOOK_URL is not"));
  }

  @Test
  void theWebhookChannelNeedsAStrongSecret() {
    assertNull(channels(Map.of()).webhook());
    assertEquals(URI.create("https://sms.example.org/out"), channels(Map.of("SWIFTLINE_WEBHOOK_SECRET", "0123456789abcdef",
        "SWIFTLINE_WEBHOOK_OUTBOUND_URL", "https://sms.example.org/out")).webhook().outboundUrl());
    String weak = rejected(Map.of("SWIFTLINE_WEBHOOK_SECRET", "short"));
    assertTrue(weak.startsWith("SWIFTLINE_WEBHOOK_SECRET:") && !weak.contains("short"), weak);
    assertTrue(rejected(Map.of("SWIFTLINE_WEBHOOK_OUTBOUND_URL", "https://sms.example.org/out"))
        .contains("SWIFTLINE_WEBHOOK_SECRET is not"));
    assertTrue(rejected(Map.of("SWIFTLINE_WEBHOOK_SECRET", "0123456789abcdef", "SWIFTLINE_WEBHOOK_OUTBOUND_URL", "ftp://x.org/y"))
        .startsWith("SWIFTLINE_WEBHOOK_OUTBOUND_URL:"));
  }

  @Test
  void credentialsMayComeFromTheConfigFileAndNeverShowInToString(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("swiftline.properties");
    Files.writeString(config, "SWIFTLINE_TELEGRAM_TOKEN=" + TOKEN + "\nSWIFTLINE_WEBHOOK_SECRET=0123456789abcdef-secret\n");
    Settings settings = Settings.from(new String[] {"--config", config.toString()}, Map.of());
    assertEquals("123456789", settings.channels().telegram().botId());
    assertFalse(settings.toString().contains(TOKEN.substring(10)), settings.toString());
    assertFalse(settings.toString().contains("0123456789abcdef-secret"), settings.toString());
  }

  static final Map<String, String> WECHAT = Map.of("SWIFTLINE_WECHAT_TOKEN", "hotlinetoken2026",
      "SWIFTLINE_WECHAT_APP_ID", "wx0123456789abcdef", "SWIFTLINE_WECHAT_APP_SECRET", "0123456789abcdef0123456789abcdef");

  private static Map<String, String> wechat(String... more) {
    Map<String, String> env = new java.util.HashMap<>(WECHAT);
    for (int i = 0; i < more.length; i += 2) env.put(more[i], more[i + 1]);
    return env;
  }

  @Test
  void wechatIsOnExactlyWhenItsThreeCredentialsAreSet() {
    var on = channels(WECHAT).wechat();
    assertEquals("wx0123456789abcdef", on.appId());
    assertEquals(URI.create("https://api.weixin.qq.com"), on.apiUrl());
    assertEquals("/wechat", on.path());
    assertEquals(4000, on.replyBudget().toMillis());
    assertNull(channels(Map.of()).wechat());
    String partial = rejected(Map.of("SWIFTLINE_WECHAT_TOKEN", "hotlinetoken2026", "SWIFTLINE_WECHAT_APP_ID", "wx0123456789abcdef"));
    assertTrue(partial.startsWith("SWIFTLINE_WECHAT_APP_SECRET must be set too"), partial);
    assertTrue(rejected(Map.of("SWIFTLINE_WECHAT_PATH", "/wx")).contains("the WeChat credentials are not"));
    var tuned = channels(wechat("SWIFTLINE_WECHAT_PATH", "/hotline/wx", "SWIFTLINE_WECHAT_REPLY_BUDGET_MS", "2500",
        "SWIFTLINE_WECHAT_API_URL", "http://127.0.0.1:9000")).wechat();
    assertEquals("/hotline/wx", tuned.path());
    assertEquals(2500, tuned.replyBudget().toMillis());
    assertEquals(URI.create("http://127.0.0.1:9000"), tuned.apiUrl());
  }

  @Test
  void badWechatSettingsNameTheVariableButNotTheSecret() {
    String secret = rejected(wechat("SWIFTLINE_WECHAT_APP_SECRET", "short!secret"));
    assertTrue(secret.startsWith("SWIFTLINE_WECHAT_APP_SECRET:") && !secret.contains("short!secret"), secret);
    String token = rejected(wechat("SWIFTLINE_WECHAT_TOKEN", "a b"));
    assertTrue(token.startsWith("SWIFTLINE_WECHAT_TOKEN:") && !token.contains("a b"), token);
    assertTrue(rejected(wechat("SWIFTLINE_WECHAT_REPLY_BUDGET_MS", "6000")).startsWith("SWIFTLINE_WECHAT_REPLY_BUDGET_MS:"));
    assertTrue(rejected(wechat("SWIFTLINE_WECHAT_PATH", "wechat")).startsWith("SWIFTLINE_WECHAT_PATH:"));
    assertTrue(rejected(wechat("SWIFTLINE_WECHAT_API_URL", "https://api.weixin.qq.com/cgi-bin")).startsWith("SWIFTLINE_WECHAT_API_URL:"));
    String shown = channels(WECHAT).toString();
    assertFalse(shown.contains("0123456789abcdef0123456789abcdef") || shown.contains("hotlinetoken2026"), shown);
  }
}
