package org.swiftline.gateway.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The prompt library: one {@link PromptTemplate} per purpose, read at start from a folder
 * ({@code SWIFTLINE_PROMPTS}) or else from the copies of the repository's {@code prompts/} built into the
 * jar. Each purpose declares the variables the code fills; a template that lacks one or uses another stops
 * start-up naming the file. To add a purpose: add {@code prompts/<name>.md} and a line to {@link #EXPECTED}.
 * Reading files is blocking: load on a worker thread.
 */
public final class Prompts {
  public static final String GROUNDED_ANSWER = "grounded-answer";
  public static final String QUERY_TRANSLATION = "query-translation";
  public static final String TRANSLATION = "translation";
  public static final String APPEAL_DRAFT = "appeal-draft";
  public static final String HANDOFF_SUMMARY = "handoff-summary";

  /** Each purpose and the variables the code fills in. */
  static final Map<String, Set<String>> EXPECTED = Map.of(
      GROUNDED_ANSWER, Set.of("language", "articles", "question"),
      QUERY_TRANSLATION, Set.of("from", "targets", "question"),
      TRANSLATION, Set.of("from", "to", "text"),
      APPEAL_DRAFT, Set.of("language", "conversation", "districts", "categories"),
      HANDOFF_SUMMARY, Set.of("language", "conversation"));

  /** A template file that cannot be used; the message names the file and the problem. */
  public static final class InvalidPrompt extends RuntimeException {
    public InvalidPrompt(String file, String problem) {
      super(file + ": " + problem);
    }
  }

  private final Map<String, PromptTemplate> templates;

  private Prompts(Map<String, PromptTemplate> templates) {
    this.templates = Map.copyOf(templates);
  }

  /** Loads every purpose's template from {@code folder}, or from the built-in copies when it is {@code null}. */
  public static Prompts load(Path folder) {
    Map<String, PromptTemplate> found = new LinkedHashMap<>();
    for (Map.Entry<String, Set<String>> purpose : EXPECTED.entrySet()) {
      String name = purpose.getKey();
      String file = folder == null ? "prompts/" + name + ".md (built in)" : folder.resolve(name + ".md").toString();
      String text = folder == null ? builtIn(name, file) : read(folder.resolve(name + ".md"), file);
      PromptTemplate template;
      try {
        template = PromptTemplate.parse(name, text);
      } catch (IllegalArgumentException e) {
        throw new InvalidPrompt(file, e.getMessage());
      }
      if (!template.variables().equals(purpose.getValue())) {
        throw new InvalidPrompt(file, "uses the variables " + template.variables() + " but the code fills "
            + purpose.getValue());
      }
      found.put(name, template);
    }
    return new Prompts(found);
  }

  /** The template for {@code name}. */
  public PromptTemplate get(String name) {
    PromptTemplate t = templates.get(name);
    if (t == null) throw new IllegalArgumentException("no prompt named " + name);
    return t;
  }

  private static String read(Path path, String file) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidPrompt(file, "cannot be read: " + e.getMessage());
    }
  }

  private static String builtIn(String name, String file) {
    try (InputStream in = Prompts.class.getResourceAsStream("/prompts/" + name + ".md")) {
      if (in == null) throw new InvalidPrompt(file, "missing from the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
