package org.swiftline.gateway.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftline.gateway.TestGateway;

/** Every malformed file stops loading with a message naming the file and the problem. */
class KnowledgeBaseLoaderTest {
  @TempDir Path kb;

  private static final String GOOD = """
      ---
      title: Lost passport
      questions:
        - i lost my passport
        - passport stolen
      ---
      Report it at the nearest police station.
      """;

  private void write(String relative, String content) throws IOException {
    Path file = kb.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private void assertProblem(String file, String problem) {
    InvalidKnowledgeBase e = assertThrows(InvalidKnowledgeBase.class, () -> new KnowledgeBaseLoader().load(kb));
    assertTrue(e.getMessage().contains(file), "message '" + e.getMessage() + "' should name " + file);
    assertTrue(e.getMessage().contains(problem), "message '" + e.getMessage() + "' should say " + problem);
  }

  @Test
  void loadsAValidArticleWithMetadata() throws IOException {
    write("articles/lost-passport/en.md", GOOD);
    write("articles/lost-passport/article.yaml", "department: police\ncategory: documents\ntags: [passport]\nupdated: 2026-11-01\n");
    KnowledgeBase loaded = new KnowledgeBaseLoader().load(kb);
    Article a = loaded.article("lost-passport").orElseThrow();
    assertEquals("Lost passport", a.text("en").orElseThrow().title());
    assertEquals(2, a.text("en").orElseThrow().questions().size());
    assertEquals("police", a.department());
    assertEquals("2026-11-01", a.updated());
  }

  @Test
  void missingFrontMatterIsNamed() throws IOException {
    write("articles/a/en.md", "just text\n");
    assertProblem("a/en.md", "front-matter");
  }

  @Test
  void unclosedFrontMatterIsNamed() throws IOException {
    write("articles/a/en.md", "---\ntitle: x\nquestions: [a]\nbody\n");
    assertProblem("a/en.md", "not closed");
  }

  @Test
  void missingTitleIsNamed() throws IOException {
    write("articles/a/en.md", "---\nquestions: [a]\n---\nbody\n");
    assertProblem("a/en.md", "title");
  }

  @Test
  void questionsMustBeAList() throws IOException {
    write("articles/a/en.md", "---\ntitle: x\nquestions: just one\n---\nbody\n");
    assertProblem("a/en.md", "list of strings");
  }

  @Test
  void malformedYamlIsNamedWithItsLine() throws IOException {
    write("articles/a/en.md", "---\ntitle: x\nquestions:\n  - [unclosed\n---\nbody\n");
    assertProblem("a/en.md", "malformed YAML");
  }

  @Test
  void emptyBodyIsNamed() throws IOException {
    write("articles/a/en.md", "---\ntitle: x\nquestions: [a]\n---\n\n");
    assertProblem("a/en.md", "body");
  }

  @Test
  void badArticleIdIsNamed() throws IOException {
    write("articles/Bad_Id/en.md", GOOD);
    assertProblem("Bad_Id", "lowercase");
  }

  @Test
  void unexpectedFileIsNamed() throws IOException {
    write("articles/a/english.md", GOOD);
    assertProblem("a/english.md", "unexpected file");
  }

  @Test
  void invalidUtf8IsNamed() throws IOException {
    Files.createDirectories(kb.resolve("articles/a"));
    Files.write(kb.resolve("articles/a/en.md"), new byte[] {'-', '-', '-', '\n', (byte) 0xC3, (byte) 0x28});
    assertProblem("a/en.md", "UTF-8");
  }

  @Test
  void categoryRoutingToAnUnknownDepartmentIsNamed() throws IOException {
    write("articles/a/en.md", GOOD);
    write("departments.yaml", "departments:\n  - id: police\n    name: {en: Police}\n");
    write("categories.yaml", "categories:\n  - id: noise\n    department: nobody\n");
    assertProblem("categories.yaml", "unknown department 'nobody'");
  }

  @Test
  void articleWithUnknownDepartmentIsNamed() throws IOException {
    write("articles/a/en.md", GOOD);
    write("articles/a/article.yaml", "department: nobody\n");
    write("departments.yaml", "departments:\n  - id: police\n");
    assertProblem("a/article.yaml", "unknown department");
  }

  @Test
  void emptyKnowledgeBaseIsRefused() throws IOException {
    Files.createDirectories(kb.resolve("articles"));
    assertProblem("articles", "no articles");
  }

  @Test
  void theRepositoryKnowledgeBaseLoads() {
    KnowledgeBase loaded = new KnowledgeBaseLoader().load(TestGateway.repositoryKnowledgeBase());
    assertTrue(loaded.articles().size() >= 45);
    assertTrue(loaded.languages().containsAll(java.util.Set.of("en", "zh", "ru", "ko", "ja", "fr", "es", "ar")));
  }
}
