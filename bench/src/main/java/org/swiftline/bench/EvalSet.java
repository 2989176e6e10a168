package org.swiftline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The evaluation set of {@code knowledge-base/eval/<lang>.yaml}: answerable questions labelled with their
 * article, and out-of-scope messages (article {@code null}). An answerable question may also name, as
 * {@code or}, a dialogue outcome that answers it as well as the article does ({@code appeal_status} for
 * "status of my appeal": the bot looks the person's appeals up instead of explaining how to follow one).
 */
public record EvalSet(List<Item> items) {
  public record Item(String language, String text, String article, String orOutcome) {
    public Item(String language, String text, String article) {
      this(language, text, article, null);
    }

    public boolean inScope() {
      return article != null;
    }
  }

  @SuppressWarnings("unchecked")
  public static EvalSet load(Path folder) {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<Item> items = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        Map<String, Object> root = yaml.readValue(file.toFile(), Map.class);
        String language = (String) root.get("language");
        if (language == null) throw new IllegalArgumentException(file + ": 'language' is required");
        for (Object o : (List<Object>) root.getOrDefault("answerable", List.of())) {
          Map<String, Object> q = (Map<String, Object>) o;
          items.add(new Item(language, String.valueOf(q.get("text")), String.valueOf(q.get("article")),
              (String) q.get("or")));
        }
        for (Object o : (List<Object>) root.getOrDefault("out_of_scope", List.of())) {
          items.add(new Item(language, String.valueOf(o), null));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EvalSet(List.copyOf(items));
  }
}
