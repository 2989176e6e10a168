package org.swiftline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags, environment variables and the config file, and the errors that name a bad setting. */
class SettingsTest {
  @Test
  void defaultsRunOnTheEmbeddedStore() {
    Settings s = Settings.from(new String[0], Map.of());
    assertEquals(8080, s.port());
    assertEquals(Path.of("knowledge-base"), s.knowledgeBase());
    assertEquals(Path.of("data"), s.data());
    assertEquals("embedded", s.store());
    assertEquals("none", s.llmProvider());
  }

  @Test
  void flagsOutrankTheEnvironment() {
    Settings s = Settings.from(new String[] {"--port", "9000", "--kb", "kb2"},
        Map.of("SWIFTLINE_PORT", "7000", "SWIFTLINE_DATA", "d2", "SWIFTLINE_LANGUAGES", "en, zh-CN,ru"));
    assertEquals(9000, s.port());
    assertEquals(Path.of("kb2"), s.knowledgeBase());
    assertEquals(Path.of("d2"), s.data());
    assertEquals(Set.of("en", "zh", "ru"), s.languages());
  }

  @Test
  void theConfigFileFillsWhatIsNotSetElsewhere(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("swiftline.properties");
    Files.writeString(file, "SWIFTLINE_PORT=7070\nSWIFTLINE_FALLBACK_LANGUAGE=zh\n");
    Settings s = Settings.from(new String[] {"--config", file.toString()}, Map.of("SWIFTLINE_PORT", "7171"));
    assertEquals(7171, s.port());
    assertEquals("zh", s.fallbackLanguage());
  }

  @Test
  void anUnknownStoreListsTheAllowedOnes() {
    var e = assertThrows(Settings.InvalidSetting.class, () -> Settings.from(new String[0], Map.of("SWIFTLINE_STORE", "mongo")));
    assertTrue(e.getMessage().contains("SWIFTLINE_STORE") && e.getMessage().contains("embedded, redis"), e.getMessage());
  }

  @Test
  void anUnknownLlmProviderListsTheAllowedOnes() {
    var e = assertThrows(Settings.InvalidSetting.class, () -> Settings.from(new String[0], Map.of("SWIFTLINE_LLM_PROVIDER", "gpt")));
    assertTrue(e.getMessage().contains("none, openai, ollama"), e.getMessage());
  }

  @Test
  void badValuesNameTheSetting() {
    assertTrue(assertThrows(Settings.InvalidSetting.class, () -> Settings.from(new String[] {"--port", "http"}, Map.of()))
        .getMessage().contains("SWIFTLINE_PORT"));
    assertTrue(assertThrows(Settings.InvalidSetting.class, () -> Settings.from(new String[] {"--bogus", "1"}, Map.of()))
        .getMessage().contains("unknown option"));
    assertTrue(assertThrows(Settings.InvalidSetting.class, () -> Settings.from(new String[0], Map.of("SWIFTLINE_LANGUAGES", "en,??")))
        .getMessage().contains("SWIFTLINE_LANGUAGES"));
  }

  @Test
  void analyticsCountUtcDaysUnlessATimeZoneIsGiven() {
    assertEquals(java.time.ZoneOffset.UTC, Settings.from(new String[0], Map.of()).timeZone());
    assertEquals(java.time.ZoneId.of("Asia/Shanghai"),
        Settings.from(new String[0], Map.of("SWIFTLINE_TIME_ZONE", " Asia/Shanghai ")).timeZone());
    assertEquals(java.time.ZoneOffset.ofHours(8), Settings.from(new String[0], Map.of("SWIFTLINE_TIME_ZONE", "+08:00")).timeZone());
    var e = assertThrows(Settings.InvalidSetting.class,
        () -> Settings.from(new String[0], Map.of("SWIFTLINE_TIME_ZONE", "Beijing")));
    assertTrue(e.getMessage().contains("SWIFTLINE_TIME_ZONE") && e.getMessage().contains("Asia/Shanghai"), e.getMessage());
  }
}
