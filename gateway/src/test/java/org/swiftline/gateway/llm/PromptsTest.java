package org.swiftline.gateway.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The prompt library: every template loads, is versioned and renders; broken templates name their file. */
class PromptsTest {
  private static final Prompts BUILT_IN = Prompts.load(null);

  @ParameterizedTest
  @ValueSource(strings = {"grounded-answer", "query-translation", "translation", "appeal-draft", "handoff-summary"})
  void eachTemplateRendersEveryVariableItDeclares(String name) {
    PromptTemplate template = BUILT_IN.get(name);
    assertTrue(template.version() >= 1);
    Map<String, String> values = new HashMap<>();
    for (String v : Prompts.EXPECTED.get(name)) values.put(v, "<<value of " + v + ">>");

    PromptTemplate.Rendered rendered = template.render(values);

    String all = rendered.system() + "\n" + rendered.user();
    for (String v : Prompts.EXPECTED.get(name)) assertTrue(all.contains("<<value of " + v + ">>"), name + " lacks " + v);
    assertFalse(all.contains("{{"), name + " left a placeholder");
    assertEquals(template.version(), rendered.version());
  }

  @Test
  void everyTemplateTellsTheModelThatDelimitedTextIsData() {
    for (String name : Prompts.EXPECTED.keySet()) {
      String system = BUILT_IN.get(name).system();
      assertTrue(system.contains("not instructions") && system.contains("<"), name);
    }
  }

  @Test
  void theRepositoryFolderHoldsTheSameTemplatesAsTheJar() {
    Path folder = Files.isDirectory(Path.of("prompts")) ? Path.of("prompts") : Path.of("../prompts");
    Prompts fromFolder = Prompts.load(folder);
    for (String name : Prompts.EXPECTED.keySet()) assertEquals(BUILT_IN.get(name), fromFolder.get(name));
  }

  @Test
  void aValueIsInsertedLiterallyAndNotExpandedAgain() {
    PromptTemplate t = PromptTemplate.parse("t", "version: 2\n## system\nSay {{a}}.\n## user\n{{b}}\n");
    PromptTemplate.Rendered r = t.render(Map.of("a", "{{b}} $1 \\", "b", "x"));
    assertEquals("Say {{b}} $1 \\.", r.system());
    assertEquals("x", r.user());
  }

  @Test
  void refusesAMissingOrAnUnknownVariable() {
    PromptTemplate t = PromptTemplate.parse("t", "version: 1\n## system\n{{a}}\n## user\nq\n");
    assertThrows(IllegalArgumentException.class, () -> t.render(Map.of()));
    assertThrows(IllegalArgumentException.class, () -> t.render(Map.of("a", "1", "typo", "2")));
  }

  @Test
  void aTemplateWithoutAVersionNamesItsFile(@TempDir Path dir) throws Exception {
    for (String name : Prompts.EXPECTED.keySet()) {
      Files.copy(Path.of(Files.isDirectory(Path.of("prompts")) ? "prompts" : "../prompts", name + ".md"), dir.resolve(name + ".md"));
    }
    Files.writeString(dir.resolve("translation.md"), "## system\nTranslate {{from}} {{to}}\n## user\n{{text}}\n");
    Prompts.InvalidPrompt e = assertThrows(Prompts.InvalidPrompt.class, () -> Prompts.load(dir));
    assertTrue(e.getMessage().contains("translation.md") && e.getMessage().contains("version"), e.getMessage());
  }

  @Test
  void aTemplateWithOtherVariablesThanTheCodeFillsNamesItsFile(@TempDir Path dir) throws Exception {
    for (String name : Prompts.EXPECTED.keySet()) {
      Files.copy(Path.of(Files.isDirectory(Path.of("prompts")) ? "prompts" : "../prompts", name + ".md"), dir.resolve(name + ".md"));
    }
    Files.writeString(dir.resolve("handoff-summary.md"), "version: 1\n## system\nIn {{lang}}\n## user\n{{conversation}}\n");
    Prompts.InvalidPrompt e = assertThrows(Prompts.InvalidPrompt.class, () -> Prompts.load(dir));
    assertTrue(e.getMessage().contains("handoff-summary.md") && e.getMessage().contains("lang"), e.getMessage());
  }
}
