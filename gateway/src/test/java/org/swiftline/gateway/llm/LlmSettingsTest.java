package org.swiftline.gateway.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.Settings;
import org.swiftline.gateway.Settings.InvalidSetting;

/** The LLM settings: off by default, each bad value named, the key kept out of messages. */
class LlmSettingsTest {
  private static LlmSettings of(Map<String, String> env) {
    return Settings.from(new String[0], env).llm();
  }

  @Test
  void noModelByDefault() {
    LlmSettings s = of(Map.of());
    assertFalse(s.enabled());
    assertFalse(s.on(LlmSettings.Feature.ANSWERS));
  }

  @Test
  void anOpenAiCompatibleEndpointNeedsAModelName() {
    InvalidSetting e = assertThrows(InvalidSetting.class, () -> of(Map.of("SWIFTLINE_LLM_PROVIDER", "openai",
        "SWIFTLINE_LLM_BASE_URL", "http://127.0.0.1:8000/v1")));
    assertTrue(e.getMessage().startsWith("SWIFTLINE_LLM_MODEL"), e.getMessage());
  }

  @Test
  void openAiItselfNeedsAKeyButASelfHostedServerDoesNot() {
    assertThrows(InvalidSetting.class, () -> of(Map.of("SWIFTLINE_LLM_PROVIDER", "openai", "SWIFTLINE_LLM_MODEL", "gpt-4o-mini")));
    LlmSettings local = of(Map.of("SWIFTLINE_LLM_PROVIDER", "openai", "SWIFTLINE_LLM_MODEL", "qwen",
        "SWIFTLINE_LLM_BASE_URL", "http://127.0.0.1:8000/v1"));
    assertTrue(local.enabled());
  }

  @Test
  void ollamaDefaultsToItsLocalPort() {
    LlmSettings s = of(Map.of("SWIFTLINE_LLM_PROVIDER", "Ollama", "SWIFTLINE_LLM_MODEL", "qwen2.5:7b"));
    assertEquals("ollama", s.provider());
    assertEquals("http://127.0.0.1:11434", s.baseUrl().toString());
  }

  @Test
  void badValuesStopStartUpNamingTheSetting() {
    Map<String, String> base = Map.of("SWIFTLINE_LLM_PROVIDER", "ollama", "SWIFTLINE_LLM_MODEL", "m");
    for (String[] bad : new String[][] {
        {"SWIFTLINE_LLM_PROVIDER", "gemini"}, {"SWIFTLINE_LLM_TIMEOUT_MS", "0"}, {"SWIFTLINE_LLM_CALLS_PER_MINUTE", "lots"},
        {"SWIFTLINE_LLM_SEND_PERSONAL_DATA", "yes"}, {"SWIFTLINE_LLM_FEATURES", "answers,poetry"},
        {"SWIFTLINE_LLM_BASE_URL", "ftp://host"}}) {
      Map<String, String> env = new java.util.HashMap<>(base);
      env.put(bad[0], bad[1]);
      InvalidSetting e = assertThrows(InvalidSetting.class, () -> of(env), bad[0]);
      assertTrue(e.getMessage().startsWith(bad[0]), e.getMessage());
    }
  }

  @Test
  void featuresCanBeChosenAndTheKeyIsNeverShown() {
    LlmSettings s = of(Map.of("SWIFTLINE_LLM_PROVIDER", "openai", "SWIFTLINE_LLM_MODEL", "m",
        "SWIFTLINE_LLM_API_KEY", "sk-secret-123", "SWIFTLINE_LLM_FEATURES", "translate, summary"));
    assertEquals(Set.of(LlmSettings.Feature.TRANSLATE, LlmSettings.Feature.SUMMARY), s.features());
    assertFalse(s.on(LlmSettings.Feature.ANSWERS));
    assertFalse(s.toString().contains("sk-secret-123"));
  }
}
