package org.swiftline.gateway.knowledge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads and validates a knowledge-base folder (CONTRACT §2) into a {@link KnowledgeBase}. Blocking: call
 * it from a worker thread. Every problem is reported as {@link InvalidKnowledgeBase} naming the file.
 */
public final class KnowledgeBaseLoader {
  private static final Pattern LANGUAGE_FILE = Pattern.compile("([a-z]{2,3})\\.md");
  private static final long MAX_FILE_BYTES = 1_000_000;

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  /** Loads the folder; fails with {@link InvalidKnowledgeBase} naming the first malformed file. */
  public KnowledgeBase load(Path root) {
    if (!Files.isDirectory(root)) throw new InvalidKnowledgeBase(root, "knowledge-base folder not found");
    Path articlesDir = root.resolve("articles");
    if (!Files.isDirectory(articlesDir)) throw new InvalidKnowledgeBase(articlesDir, "folder 'articles' not found");
    MessageDigest digest = sha256();
    Map<String, Department> departments = loadDepartments(root.resolve("departments.yaml"), digest);
    Map<String, Category> categories = loadCategories(root.resolve("categories.yaml"), departments, digest);
    Map<String, Article> articles = new LinkedHashMap<>();
    for (Path dir : sortedChildren(articlesDir)) {
      String name = dir.getFileName().toString();
      if (name.startsWith(".")) continue;
      if (!Files.isDirectory(dir)) throw new InvalidKnowledgeBase(dir, "expected only article folders in 'articles'");
      if (!Article.ID.matcher(name).matches()) {
        throw new InvalidKnowledgeBase(dir, "article id must be lowercase letters, digits and hyphens");
      }
      articles.put(name, loadArticle(name, dir, departments, categories, digest));
    }
    if (articles.isEmpty()) throw new InvalidKnowledgeBase(articlesDir, "no articles found");
    return new KnowledgeBase(articles, departments, categories, HexFormat.of().formatHex(digest.digest()));
  }

  private Article loadArticle(
      String id, Path dir, Map<String, Department> departments, Map<String, Category> categories,
      MessageDigest digest) {
    Map<String, ArticleText> texts = new TreeMap<>();
    Map<String, Object> meta = Map.of();
    for (Path file : sortedChildren(dir)) {
      String name = file.getFileName().toString();
      if (name.startsWith(".")) continue;
      if (name.equals("article.yaml")) {
        meta = yamlMap(file, read(file, digest));
        continue;
      }
      var m = LANGUAGE_FILE.matcher(name);
      if (!m.matches()) {
        throw new InvalidKnowledgeBase(file, "unexpected file; expected <lang>.md (e.g. en.md) or article.yaml");
      }
      texts.put(m.group(1), parseText(file, m.group(1), read(file, digest)));
    }
    if (texts.isEmpty()) throw new InvalidKnowledgeBase(dir, "article has no <lang>.md file");
    String department = optionalString(dir.resolve("article.yaml"), meta, "department");
    String category = optionalString(dir.resolve("article.yaml"), meta, "category");
    if (department != null && !departments.isEmpty() && !departments.containsKey(department)) {
      throw new InvalidKnowledgeBase(dir.resolve("article.yaml"), "unknown department '" + department + "'");
    }
    if (category != null && !categories.isEmpty() && !categories.containsKey(category)) {
      throw new InvalidKnowledgeBase(dir.resolve("article.yaml"), "unknown category '" + category + "'");
    }
    return new Article(
        id, texts, department, category, stringList(dir.resolve("article.yaml"), meta, "tags", false),
        optionalString(dir.resolve("article.yaml"), meta, "source"),
        optionalString(dir.resolve("article.yaml"), meta, "updated"));
  }

  /** Parses a {@code <lang>.md} file: YAML front matter with title and questions, then the body. */
  ArticleText parseText(Path file, String language, String content) {
    String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
    text = text.replace("\r\n", "\n");
    if (!text.startsWith("---\n")) throw new InvalidKnowledgeBase(file, "must start with a '---' front-matter line");
    int end = text.indexOf("\n---", 3);
    while (end >= 0 && !(end + 4 == text.length() || text.charAt(end + 4) == '\n')) {
      end = text.indexOf("\n---", end + 4);
    }
    if (end < 0) throw new InvalidKnowledgeBase(file, "front matter is not closed by a '---' line");
    Map<String, Object> front = yamlMap(file, text.substring(4, end + 1));
    Object title = front.get("title");
    if (!(title instanceof String t) || t.isBlank()) {
      throw new InvalidKnowledgeBase(file, "front matter needs 'title' (a non-empty string)");
    }
    List<String> questions = stringList(file, front, "questions", true);
    String body = end + 4 >= text.length() ? "" : text.substring(end + 5).strip();
    if (body.isEmpty()) throw new InvalidKnowledgeBase(file, "answer body after the front matter is empty");
    return new ArticleText(language, t.strip(), questions.stream().map(String::strip).toList(), body);
  }

  private Map<String, Department> loadDepartments(Path file, MessageDigest digest) {
    if (!Files.exists(file)) return Map.of();
    Map<String, Department> result = new LinkedHashMap<>();
    for (Map<String, Object> entry : entries(file, yamlMap(file, read(file, digest)), "departments")) {
      String id = requiredString(file, entry, "id");
      if (result.put(id, new Department(id, names(file, entry), optionalString(file, entry, "phone"),
          stringList(file, entry, "languages", false))) != null) {
        throw new InvalidKnowledgeBase(file, "department '" + id + "' is listed twice");
      }
    }
    return result;
  }

  private Map<String, Category> loadCategories(Path file, Map<String, Department> departments, MessageDigest digest) {
    if (!Files.exists(file)) return Map.of();
    Map<String, Category> result = new LinkedHashMap<>();
    for (Map<String, Object> entry : entries(file, yamlMap(file, read(file, digest)), "categories")) {
      String id = requiredString(file, entry, "id");
      String department = requiredString(file, entry, "department");
      if (!departments.containsKey(department)) {
        throw new InvalidKnowledgeBase(file, "category '" + id + "' routes to unknown department '" + department + "'");
      }
      Map<String, String> districts = new LinkedHashMap<>();
      if (entry.get("districts") instanceof Map<?, ?> map) {
        for (var e : map.entrySet()) {
          String target = String.valueOf(e.getValue());
          if (!departments.containsKey(target)) {
            throw new InvalidKnowledgeBase(file, "category '" + id + "' district '" + e.getKey()
                + "' routes to unknown department '" + target + "'");
          }
          districts.put(String.valueOf(e.getKey()), target);
        }
      } else if (entry.get("districts") != null) {
        throw new InvalidKnowledgeBase(file, "category '" + id + "': 'districts' must map district to department");
      }
      if (result.put(id, new Category(id, names(file, entry), department, districts,
          stringList(file, entry, "examples", false))) != null) {
        throw new InvalidKnowledgeBase(file, "category '" + id + "' is listed twice");
      }
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> entries(Path file, Map<String, Object> root, String key) {
    Object list = root.get(key);
    if (!(list instanceof List<?> items)) throw new InvalidKnowledgeBase(file, "needs a top-level list '" + key + "'");
    List<Map<String, Object>> result = new ArrayList<>();
    for (Object item : items) {
      if (!(item instanceof Map<?, ?>)) throw new InvalidKnowledgeBase(file, "every entry of '" + key + "' must be a map");
      result.add((Map<String, Object>) item);
    }
    return result;
  }

  private static Map<String, String> names(Path file, Map<String, Object> entry) {
    Map<String, String> names = new LinkedHashMap<>();
    if (entry.get("name") instanceof Map<?, ?> map) {
      map.forEach((k, v) -> names.put(String.valueOf(k), String.valueOf(v)));
    } else if (entry.get("name") instanceof String s) {
      names.put("en", s);
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> yamlMap(Path file, String content) {
    if (content.isBlank()) return Map.of();
    try {
      Object value = yaml.readValue(content, Object.class);
      if (value == null) return Map.of();
      if (!(value instanceof Map<?, ?>)) throw new InvalidKnowledgeBase(file, "YAML must be a map of fields");
      return (Map<String, Object>) value;
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new InvalidKnowledgeBase(file, "malformed YAML" + where + ": " + e.getOriginalMessage());
    }
  }

  private static String requiredString(Path file, Map<String, Object> map, String key) {
    String value = optionalString(file, map, key);
    if (value == null || value.isBlank()) throw new InvalidKnowledgeBase(file, "'" + key + "' is required");
    return value;
  }

  private static String optionalString(Path file, Map<String, Object> map, String key) {
    Object value = map.get(key);
    if (value == null) return null;
    if (value instanceof String || value instanceof Number || value instanceof Boolean) return String.valueOf(value);
    if (value instanceof java.util.Date date) return date.toInstant().toString().substring(0, 10);
    throw new InvalidKnowledgeBase(file, "'" + key + "' must be a string");
  }

  private static List<String> stringList(Path file, Map<String, Object> map, String key, boolean required) {
    Object value = map.get(key);
    if (value == null) {
      if (required) throw new InvalidKnowledgeBase(file, "front matter needs '" + key + "' (a list of strings)");
      return List.of();
    }
    if (!(value instanceof List<?> list)) throw new InvalidKnowledgeBase(file, "'" + key + "' must be a list of strings");
    List<String> result = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof String || item instanceof Number) || String.valueOf(item).isBlank()) {
        throw new InvalidKnowledgeBase(file, "'" + key + "' must contain only non-empty strings");
      }
      result.add(String.valueOf(item));
    }
    if (required && result.isEmpty()) throw new InvalidKnowledgeBase(file, "'" + key + "' must not be empty");
    return result;
  }

  private static String read(Path file, MessageDigest digest) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) throw new InvalidKnowledgeBase(file, "file is larger than 1 MB");
      byte[] bytes = Files.readAllBytes(file);
      digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      digest.update(file.getParent().getFileName().toString().getBytes(StandardCharsets.UTF_8));
      digest.update(bytes);
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidKnowledgeBase(file, "not valid UTF-8");
    } catch (IOException e) {
      throw new InvalidKnowledgeBase(file, "cannot be read: " + e.getMessage());
    }
  }

  private static List<Path> sortedChildren(Path dir) {
    try (Stream<Path> children = Files.list(dir)) {
      return children.sorted().toList();
    } catch (IOException e) {
      throw new InvalidKnowledgeBase(dir, "cannot be listed: " + e.getMessage());
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
