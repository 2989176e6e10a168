package org.swiftline.gateway.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftline.gateway.Settings;
import org.swiftline.gateway.knowledge.InvalidKnowledgeBase;

/** The operator settings, password rules and the canned-replies file, without a gateway. */
class OperatorSettingsTest {
  @TempDir Path folder;

  @Test
  void defaultsAndValuesComeFromTheEnvironment() {
    assertEquals(OperatorSettings.DEFAULTS, Settings.from(new String[0], Map.of()).operators());
    OperatorSettings set = Settings.from(new String[0], Map.of("SWIFTLINE_OPERATOR_SESSION_MINUTES", "30",
        "SWIFTLINE_OPERATOR_LANGUAGE_WAIT", "0")).operators();
    assertEquals(new OperatorSettings(30, 0), set);
  }

  @Test
  void aBadValueStopsStartUpNamingTheSetting() {
    Settings.InvalidSetting e = assertThrows(Settings.InvalidSetting.class,
        () -> Settings.from(new String[0], Map.of("SWIFTLINE_OPERATOR_SESSION_MINUTES", "0")));
    assertTrue(e.getMessage().startsWith("SWIFTLINE_OPERATOR_SESSION_MINUTES"), e.getMessage());
    e = assertThrows(Settings.InvalidSetting.class,
        () -> Settings.from(new String[0], Map.of("SWIFTLINE_OPERATOR_LANGUAGE_WAIT", "a minute")));
    assertTrue(e.getMessage().startsWith("SWIFTLINE_OPERATOR_LANGUAGE_WAIT"), e.getMessage());
  }

  @Test
  void passwordsAreSaltedHashesThatOnlyTheRightPasswordMatches() {
    Passwords passwords = new Passwords();
    String a = passwords.hash("correct horse battery");
    String b = passwords.hash("correct horse battery");
    assertTrue(a.startsWith("pbkdf2-sha256$210000$"), a);
    assertTrue(!a.equals(b), "a fresh salt each time");
    assertTrue(passwords.verify("correct horse battery", a));
    assertTrue(!passwords.verify("correct horse battery!", a));
    assertTrue(!passwords.verify("correct horse battery", "not-a-hash"));
    assertThrows(IllegalArgumentException.class, () -> Passwords.checkStrength("short"));
  }

  @Test
  void theRepositorysCannedRepliesLoadInEightLanguages() {
    CannedReplies replies = CannedReplies.load(org.swiftline.gateway.TestGateway.repositoryKnowledgeBase());
    assertEquals(java.util.Set.of("en", "zh", "ru", "ko", "ja", "fr", "es", "ar"),
        replies.all().stream().map(CannedReply::language).collect(java.util.stream.Collectors.toSet()));
    assertTrue(replies.in(java.util.List.of("zh")).stream().anyMatch(r -> r.id().equals("greeting")));
  }

  @Test
  void aMalformedCannedRepliesFileIsNamedWithItsProblem() throws Exception {
    Files.writeString(folder.resolve(CannedReplies.FILE), "replies:\n  - id: Greeting!\n    texts: {en: hi}\n");
    InvalidKnowledgeBase e = assertThrows(InvalidKnowledgeBase.class, () -> CannedReplies.load(folder));
    assertTrue(e.getMessage().contains("canned-replies.yaml") && e.getMessage().contains("reply 1"), e.getMessage());
    Files.writeString(folder.resolve(CannedReplies.FILE), "replies:\n  - id: hello\n    texts: {en: ''}\n");
    e = assertThrows(InvalidKnowledgeBase.class, () -> CannedReplies.load(folder));
    assertTrue(e.getMessage().contains("1 to 4000 characters"), e.getMessage());
    Files.writeString(folder.resolve(CannedReplies.FILE), "greeting: hello\n");
    e = assertThrows(InvalidKnowledgeBase.class, () -> CannedReplies.load(folder));
    assertTrue(e.getMessage().contains("needs a list 'replies'"), e.getMessage());
    Files.delete(folder.resolve(CannedReplies.FILE));
    assertTrue(CannedReplies.load(folder).all().isEmpty());
  }
}
