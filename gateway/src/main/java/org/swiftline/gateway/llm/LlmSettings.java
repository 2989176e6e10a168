package org.swiftline.gateway.llm;

import java.net.URI;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.swiftline.gateway.Settings.InvalidSetting;

/**
 * The optional language model's settings. The model is on exactly when {@code SWIFTLINE_LLM_PROVIDER} is
 * {@code openai} or {@code ollama}; with {@code none} (the default) nothing here is used. The API key is
 * never part of {@link #toString()} nor of any error message.
 *
 * @param provider {@code none}, {@code openai} (any OpenAI-compatible chat-completions endpoint) or {@code ollama}
 * @param baseUrl the endpoint, e.g. {@code https://api.openai.com/v1}, {@code http://127.0.0.1:8000/v1} or
 *     {@code http://127.0.0.1:11434}
 * @param apiKey the bearer key, or {@code null} when the endpoint needs none
 * @param model the model name the endpoint knows
 * @param timeoutMs the latency budget of one chat turn's model calls; past it the feature falls back
 * @param callsPerMinute at most this many model calls in any calendar minute; past it features fall back
 * @param breakerFailures this many failures in a row open the circuit
 * @param breakerOpenMs how long the circuit stays open before one trial call is let through
 * @param threads the size of the worker pool the blocking model calls run on
 * @param sendPersonalData whether phone numbers, ID numbers and e-mail addresses may leave unmasked
 * @param prompts a folder of prompt templates overriding the built-in ones, or {@code null}
 * @param features the features that use the model
 */
public record LlmSettings(
    String provider, URI baseUrl, String apiKey, String model, int timeoutMs, int callsPerMinute, int breakerFailures,
    int breakerOpenMs, int threads, boolean sendPersonalData, Path prompts, Set<Feature> features) {

  public static final List<String> PROVIDERS = List.of("none", "openai", "ollama");
  public static final LlmSettings NONE = new LlmSettings("none", null, null, null, 4000, 60, 5, 30_000, 8, false, null,
      EnumSet.allOf(Feature.class));

  /** What the model may be used for ({@code SWIFTLINE_LLM_FEATURES}). */
  public enum Feature {
    ANSWERS("answers"), CROSSLINGUAL("crosslingual"), TRANSLATE("translate"), APPEALS("appeals"), SUMMARY("summary");

    public final String wire;

    Feature(String wire) {
      this.wire = wire;
    }
  }

  public LlmSettings {
    if (!PROVIDERS.contains(provider)) throw new IllegalArgumentException("provider: unknown '" + provider + "'");
    features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
  }

  /** Whether a model is configured. */
  public boolean enabled() {
    return !provider.equals("none");
  }

  /** Whether a model is configured and may be used for {@code feature}. */
  public boolean on(Feature feature) {
    return enabled() && features.contains(feature);
  }

  @Override
  public String toString() {
    return "LlmSettings[provider=" + provider + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "unset" : "***")
        + ", model=" + model + ", timeoutMs=" + timeoutMs + ", callsPerMinute=" + callsPerMinute + ", features=" + features + "]";
  }

  /** Reads and validates the settings; a bad one throws {@link InvalidSetting} naming it. */
  public static LlmSettings from(Function<String, String> lookup) {
    Function<String, String> get = name -> {
      String value = lookup.apply(name);
      return value == null || value.isBlank() ? null : value.trim();
    };
    String provider = get.apply("SWIFTLINE_LLM_PROVIDER") == null ? "none"
        : get.apply("SWIFTLINE_LLM_PROVIDER").toLowerCase(Locale.ROOT);
    if (!PROVIDERS.contains(provider)) {
      throw new InvalidSetting("SWIFTLINE_LLM_PROVIDER: unknown provider '" + provider + "'; allowed: " + String.join(", ", PROVIDERS));
    }
    int timeoutMs = integer(get, "SWIFTLINE_LLM_TIMEOUT_MS", 4000, 50, 600_000);
    int perMinute = integer(get, "SWIFTLINE_LLM_CALLS_PER_MINUTE", 60, 1, 1_000_000);
    int failures = integer(get, "SWIFTLINE_LLM_BREAKER_FAILURES", 5, 1, 1000);
    int openMs = integer(get, "SWIFTLINE_LLM_BREAKER_OPEN_MS", 30_000, 100, 3_600_000);
    int threads = integer(get, "SWIFTLINE_LLM_THREADS", 8, 1, 256);
    String personal = get.apply("SWIFTLINE_LLM_SEND_PERSONAL_DATA");
    boolean sendPersonal;
    if (personal == null || personal.equalsIgnoreCase("false")) sendPersonal = false;
    else if (personal.equalsIgnoreCase("true")) sendPersonal = true;
    else throw new InvalidSetting("SWIFTLINE_LLM_SEND_PERSONAL_DATA: '" + personal + "'; allowed: true, false");
    Path prompts = get.apply("SWIFTLINE_PROMPTS") == null ? null : Path.of(get.apply("SWIFTLINE_PROMPTS"));
    Set<Feature> features = EnumSet.allOf(Feature.class);
    String list = get.apply("SWIFTLINE_LLM_FEATURES");
    if (list != null) {
      features = EnumSet.noneOf(Feature.class);
      for (String word : list.split(",")) {
        if (word.isBlank()) continue;
        String w = word.strip().toLowerCase(Locale.ROOT);
        Feature found = null;
        for (Feature f : Feature.values()) if (f.wire.equals(w)) found = f;
        if (found == null) {
          throw new InvalidSetting("SWIFTLINE_LLM_FEATURES: unknown feature '" + w + "'; allowed: "
              + String.join(", ", EnumSet.allOf(Feature.class).stream().map(f -> f.wire).toList()));
        }
        features.add(found);
      }
    }
    String model = get.apply("SWIFTLINE_LLM_MODEL");
    String key = get.apply("SWIFTLINE_LLM_API_KEY");
    URI baseUrl = null;
    if (!provider.equals("none")) {
      String url = get.apply("SWIFTLINE_LLM_BASE_URL");
      if (url == null) url = provider.equals("openai") ? "https://api.openai.com/v1" : "http://127.0.0.1:11434";
      try {
        baseUrl = new URI(url);
      } catch (java.net.URISyntaxException e) {
        throw new InvalidSetting("SWIFTLINE_LLM_BASE_URL: '" + url + "' is not a URL");
      }
      if (baseUrl.getScheme() == null || !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https"))
          || baseUrl.getHost() == null) {
        throw new InvalidSetting("SWIFTLINE_LLM_BASE_URL: '" + url + "' must be an http:// or https:// URL");
      }
      if (model == null) {
        throw new InvalidSetting("SWIFTLINE_LLM_MODEL: must be set when SWIFTLINE_LLM_PROVIDER is " + provider
            + " (the model name the endpoint knows, e.g. gpt-4o-mini, qwen2.5:7b)");
      }
      if (provider.equals("openai") && key == null && baseUrl.getHost().endsWith("openai.com")) {
        throw new InvalidSetting("SWIFTLINE_LLM_API_KEY: must be set for " + baseUrl);
      }
    }
    return new LlmSettings(provider, baseUrl, key, model, timeoutMs, perMinute, failures, openMs, threads, sendPersonal,
        prompts, features);
  }

  private static int integer(Function<String, String> get, String name, int fallback, int min, int max) {
    String value = get.apply(name);
    if (value == null) return fallback;
    try {
      int n = Integer.parseInt(value);
      if (n < min || n > max) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidSetting(name + ": '" + value + "' is not a whole number from " + min + " to " + max);
    }
  }
}
