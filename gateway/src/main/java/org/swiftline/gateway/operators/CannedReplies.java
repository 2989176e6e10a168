package org.swiftline.gateway.operators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.swiftline.bots.LanguageTags;
import org.swiftline.gateway.knowledge.InvalidKnowledgeBase;

/**
 * The operators' canned replies, from {@code canned-replies.yaml} in the knowledge-base folder:
 *
 * <pre>
 * replies:
 *   - id: greeting
 *     texts:
 *       en: Hello, this is the 12345 hotline. How can I help you?
 *       zh: 您好，这里是12345热线，请问有什么可以帮您？
 * </pre>
 *
 * A missing file means no canned replies; a malformed one is refused with its name and the problem.
 */
public final class CannedReplies {
  public static final String FILE = "canned-replies.yaml";
  private static final int MAX_TEXT = 4000;

  private final List<CannedReply> replies;

  private CannedReplies(List<CannedReply> replies) {
    this.replies = List.copyOf(replies);
  }

  public static CannedReplies none() {
    return new CannedReplies(List.of());
  }

  /** Reads and validates {@code folder/canned-replies.yaml}. Blocking. */
  public static CannedReplies load(Path folder) {
    Path file = folder.resolve(FILE);
    if (!Files.exists(file)) return none();
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (IOException e) {
      throw new InvalidKnowledgeBase(file, "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.path("replies").isArray()) {
      throw new InvalidKnowledgeBase(file, "needs a list 'replies' of {id, texts: {language: text}}");
    }
    List<CannedReply> result = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (JsonNode reply : root.get("replies")) {
      index++;
      String id = reply.path("id").asText("");
      String where = "reply " + index + (id.isEmpty() ? "" : " (" + id + ")");
      if (!id.matches("[a-z0-9]+([-_][a-z0-9]+)*")) {
        throw new InvalidKnowledgeBase(file, where + ": id must be lower-case words joined by dashes, e.g. please-wait");
      }
      if (!ids.add(id)) throw new InvalidKnowledgeBase(file, where + ": the id is used twice");
      JsonNode texts = reply.path("texts");
      if (!texts.isObject() || texts.isEmpty()) {
        throw new InvalidKnowledgeBase(file, where + ": needs 'texts', a map from language to text");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = texts.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> t = it.next();
        if (!LanguageTags.isWellFormed(t.getKey())) {
          throw new InvalidKnowledgeBase(file, where + ": '" + t.getKey() + "' is not a language tag");
        }
        String text = t.getValue().isTextual() ? t.getValue().asText().strip() : "";
        if (text.isEmpty() || text.length() > MAX_TEXT) {
          throw new InvalidKnowledgeBase(file, where + ", " + t.getKey() + ": the text must be 1 to " + MAX_TEXT + " characters");
        }
        result.add(new CannedReply(id, LanguageTags.primary(t.getKey()), text));
      }
    }
    return new CannedReplies(result);
  }

  /** The replies in any of {@code languages}, in the file's order, grouped by language in the given order. */
  public List<CannedReply> in(List<String> languages) {
    List<CannedReply> result = new ArrayList<>();
    for (String language : languages) {
      for (CannedReply r : replies) if (r.language().equals(language)) result.add(r);
    }
    return result;
  }

  public List<CannedReply> all() {
    return replies;
  }
}
