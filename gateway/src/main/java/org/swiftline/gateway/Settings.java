package org.swiftline.gateway;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.swiftline.bots.LanguageTags;
import org.swiftline.gateway.channels.ChannelSettings;
import org.swiftline.gateway.store.StoreFactory;

/**
 * The gateway's settings, from command-line flags, then {@code SWIFTLINE_*} environment variables, then
 * an optional config file ({@code --config FILE} or {@code SWIFTLINE_CONFIG}: a properties file with the
 * same {@code SWIFTLINE_*} names), then defaults. Every value is validated here; a bad one stops start-up
 * with a message naming the setting.
 */
public record Settings(
    int port, Path knowledgeBase, Path data, String store, String redisUrl, String redisPrefix, Set<String> languages,
    String fallbackLanguage, String embeddings, double precisionTarget, double rejectTarget,
    int calibrationQueries, long reloadPeriodMs, String llmProvider, String retrieval, double outOfScopeShare,
    ChannelSettings channels, String adminToken, org.swiftline.gateway.llm.LlmSettings llm,
    org.swiftline.gateway.operators.OperatorSettings operators, java.time.ZoneId timeZone) {

  public static final List<String> LLM_PROVIDERS = List.of("none", "openai", "ollama");

  /** A setting that cannot be used; the message names it. */
  public static final class InvalidSetting extends RuntimeException {
    public InvalidSetting(String message) {
      super(message);
    }
  }

  static final String USAGE = """
      Usage: java -jar gateway/target/swiftline.jar [--port N] [--kb DIR] [--data DIR] [--config FILE]
                                                    [--store embedded|redis] [--redis URL]
         or: java -jar gateway/target/swiftline.jar migrate --from FILE --to REDIS_URL [--prefix PREFIX]
      Environment: SWIFTLINE_PORT, SWIFTLINE_KB, SWIFTLINE_DATA, SWIFTLINE_STORE, SWIFTLINE_REDIS_URL,
        SWIFTLINE_REDIS_PREFIX, SWIFTLINE_LANGUAGES, SWIFTLINE_FALLBACK_LANGUAGE, SWIFTLINE_EMBEDDINGS, SWIFTLINE_PRECISION_TARGET,
        SWIFTLINE_REJECT_TARGET, SWIFTLINE_CALIBRATION_QUERIES, SWIFTLINE_KB_RELOAD_MS, SWIFTLINE_RETRIEVAL,
        SWIFTLINE_OUT_OF_SCOPE_SHARE, SWIFTLINE_LLM_PROVIDER, SWIFTLINE_LLM_BASE_URL, SWIFTLINE_LLM_API_KEY,
        SWIFTLINE_LLM_MODEL, SWIFTLINE_LLM_TIMEOUT_MS, SWIFTLINE_LLM_CALLS_PER_MINUTE, SWIFTLINE_LLM_BREAKER_FAILURES,
        SWIFTLINE_LLM_BREAKER_OPEN_MS, SWIFTLINE_LLM_THREADS, SWIFTLINE_LLM_SEND_PERSONAL_DATA, SWIFTLINE_LLM_FEATURES,
        SWIFTLINE_PROMPTS,
        SWIFTLINE_TELEGRAM_TOKEN, SWIFTLINE_TELEGRAM_API_URL, SWIFTLINE_TELEGRAM_WEBHOOK_URL,
        SWIFTLINE_TELEGRAM_WEBHOOK_SECRET, SWIFTLINE_WEBHOOK_SECRET, SWIFTLINE_WEBHOOK_OUTBOUND_URL,
        SWIFTLINE_WECHAT_TOKEN, SWIFTLINE_WECHAT_APP_ID, SWIFTLINE_WECHAT_APP_SECRET, SWIFTLINE_WECHAT_API_URL,
        SWIFTLINE_WECHAT_PATH, SWIFTLINE_WECHAT_REPLY_BUDGET_MS, SWIFTLINE_WECHAT_API_TIMEOUT_MS,
        SWIFTLINE_WECHAT_AES_KEY,
        SWIFTLINE_ADMIN_TOKEN, SWIFTLINE_OPERATOR_SESSION_MINUTES, SWIFTLINE_OPERATOR_LANGUAGE_WAIT,
        SWIFTLINE_TIME_ZONE
      Operator accounts: java -jar gateway/target/swiftline.jar operator add --name NAME --role operator|supervisor|admin
        --languages en,zh [store flags]   (password from stdin or SWIFTLINE_OPERATOR_PASSWORD)
      (see README.md)""";

  /** Reads settings from flags, the environment and the optional config file. */
  public static Settings from(String[] args, Map<String, String> env) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      String name = switch (flag) {
        case "--port" -> "SWIFTLINE_PORT";
        case "--kb" -> "SWIFTLINE_KB";
        case "--data" -> "SWIFTLINE_DATA";
        case "--store" -> "SWIFTLINE_STORE";
        case "--redis" -> "SWIFTLINE_REDIS_URL";
        case "--config" -> "SWIFTLINE_CONFIG";
        default -> throw new InvalidSetting("unknown option '" + flag + "'\n" + USAGE);
      };
      if (i + 1 >= args.length) throw new InvalidSetting(flag + " needs a value\n" + USAGE);
      flags.put(name, args[++i]);
    }
    Map<String, String> file = new HashMap<>();
    String config = flags.getOrDefault("SWIFTLINE_CONFIG", env.get("SWIFTLINE_CONFIG"));
    if (config != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(Path.of(config), StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new InvalidSetting("SWIFTLINE_CONFIG: cannot read config file " + config + ": " + e.getMessage());
      }
      p.forEach((k, v) -> file.put(String.valueOf(k).trim(), String.valueOf(v).trim()));
    }
    Lookup get = name -> {
      if (flags.containsKey(name)) return flags.get(name);
      String value = env.get(name);
      if (value != null && !value.isBlank()) return value.trim();
      return file.get(name);
    };
    int port = integer(get, "SWIFTLINE_PORT", 8080, 0, 65535);
    String store = or(get.value("SWIFTLINE_STORE"), "embedded").toLowerCase(Locale.ROOT);
    if (!StoreFactory.KINDS.contains(store)) {
      throw new InvalidSetting("SWIFTLINE_STORE: unknown store '" + store + "'; allowed: " + String.join(", ", StoreFactory.KINDS));
    }
    String llm = or(get.value("SWIFTLINE_LLM_PROVIDER"), "none").toLowerCase(Locale.ROOT);
    if (!LLM_PROVIDERS.contains(llm)) {
      throw new InvalidSetting("SWIFTLINE_LLM_PROVIDER: unknown provider '" + llm + "'; allowed: " + String.join(", ", LLM_PROVIDERS));
    }
    String retrieval = or(get.value("SWIFTLINE_RETRIEVAL"), "hybrid").toLowerCase(Locale.ROOT);
    if (!org.swiftline.gateway.retrieval.Calibrator.COMPONENTS.contains(retrieval)) {
      throw new InvalidSetting("SWIFTLINE_RETRIEVAL: unknown value '" + retrieval + "'; allowed: "
          + String.join(", ", org.swiftline.gateway.retrieval.Calibrator.COMPONENTS));
    }
    Set<String> languages = new LinkedHashSet<>();
    String list = get.value("SWIFTLINE_LANGUAGES");
    if (list != null) {
      for (String tag : list.split(",")) {
        if (tag.isBlank()) continue;
        if (!LanguageTags.isWellFormed(tag.trim())) {
          throw new InvalidSetting("SWIFTLINE_LANGUAGES: '" + tag.trim() + "' is not a BCP-47 language tag");
        }
        languages.add(LanguageTags.primary(tag.trim()));
      }
    }
    String fallback = or(get.value("SWIFTLINE_FALLBACK_LANGUAGE"), "en");
    if (!LanguageTags.isWellFormed(fallback)) {
      throw new InvalidSetting("SWIFTLINE_FALLBACK_LANGUAGE: '" + fallback + "' is not a BCP-47 language tag");
    }
    return new Settings(
        port,
        Path.of(or(get.value("SWIFTLINE_KB"), "knowledge-base")),
        Path.of(or(get.value("SWIFTLINE_DATA"), "data")),
        store,
        or(get.value("SWIFTLINE_REDIS_URL"), "redis://127.0.0.1:6379/0"),
        or(get.value("SWIFTLINE_REDIS_PREFIX"), "swiftline:"),
        Set.copyOf(languages),
        LanguageTags.primary(fallback),
        or(get.value("SWIFTLINE_EMBEDDINGS"), org.swiftline.gateway.retrieval.Embedders.DEFAULT),
        decimal(get, "SWIFTLINE_PRECISION_TARGET", 0.98),
        decimal(get, "SWIFTLINE_REJECT_TARGET", 0.6),
        integer(get, "SWIFTLINE_CALIBRATION_QUERIES", 1500, 10, 1_000_000),
        integer(get, "SWIFTLINE_KB_RELOAD_MS", 2000, 100, 3_600_000),
        llm,
        retrieval,
        decimal(get, "SWIFTLINE_OUT_OF_SCOPE_SHARE", 0.2),
        ChannelSettings.from(get::value),
        adminToken(get.value("SWIFTLINE_ADMIN_TOKEN")),
        org.swiftline.gateway.llm.LlmSettings.from(get::value),
        org.swiftline.gateway.operators.OperatorSettings.from(get::value),
        timeZone(get.value("SWIFTLINE_TIME_ZONE")));
  }

  /** The time zone whose days analytics count by: a region such as {@code Asia/Shanghai}, or an offset; UTC by default. */
  private static java.time.ZoneId timeZone(String value) {
    if (value == null || value.isBlank()) return java.time.ZoneOffset.UTC;
    try {
      return java.time.ZoneId.of(value.strip());
    } catch (java.time.DateTimeException e) {
      throw new InvalidSetting("SWIFTLINE_TIME_ZONE: '" + value.strip() + "' is not a time zone such as UTC, Asia/Shanghai or +08:00");
    }
  }

  /** The admin API's token: unset turns the admin API off; a short one is refused. */
  private static String adminToken(String value) {
    if (value == null || value.isBlank()) return null;
    if (value.strip().length() < 16) {
      throw new InvalidSetting("SWIFTLINE_ADMIN_TOKEN: must be at least 16 characters (a long random string)");
    }
    return value.strip();
  }

  @FunctionalInterface
  private interface Lookup {
    String value(String name);
  }

  private static String or(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }

  private static int integer(Lookup get, String name, int fallback, int min, int max) {
    String value = get.value(name);
    if (value == null) return fallback;
    try {
      int n = Integer.parseInt(value.trim());
      if (n < min || n > max) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidSetting(name + ": '" + value + "' is not a whole number from " + min + " to " + max);
    }
  }

  private static double decimal(Lookup get, String name, double fallback) {
    String value = get.value(name);
    if (value == null) return fallback;
    try {
      double d = Double.parseDouble(value.trim());
      if (!(d > 0 && d < 1)) throw new NumberFormatException();
      return d;
    } catch (NumberFormatException e) {
      throw new InvalidSetting(name + ": '" + value + "' must be a number between 0 and 1");
    }
  }
}
