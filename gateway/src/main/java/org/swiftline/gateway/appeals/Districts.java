package org.swiftline.gateway.appeals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.swiftline.gateway.knowledge.InvalidKnowledgeBase;

/**
 * The districts appeals are located in, from the knowledge base's optional {@code districts.yaml}
 * ({@code districts: [{id, name: {lang: text}, aliases: [...]}]}), and how to recognise them in what
 * people write. Without the file no district is recognised and appeals route by category alone.
 */
public final class Districts {
  /** One district: its id (as in {@code categories.yaml}'s overrides), names by language, other names. */
  public record District(String id, Map<String, String> names, List<String> aliases) {
    public District {
      names = Map.copyOf(names);
      aliases = List.copyOf(aliases);
    }

    /** The district's name in {@code language}, else in English, else its id. */
    public String name(String language) {
      return names.getOrDefault(language, names.getOrDefault("en", id));
    }
  }

  public static final Districts NONE = new Districts(List.of());

  private final Map<String, District> byId = new LinkedHashMap<>();
  /** Every name and alias, normalised, longest first, with its district. */
  private final List<Map.Entry<String, District>> spellings = new ArrayList<>();

  public Districts(List<District> districts) {
    for (District d : districts) {
      byId.put(d.id(), d);
      d.names().values().forEach(n -> spellings.add(Map.entry(normalise(n), d)));
      d.aliases().forEach(n -> spellings.add(Map.entry(normalise(n), d)));
    }
    spellings.removeIf(e -> e.getKey().isEmpty());
    spellings.sort((a, b) -> b.getKey().length() - a.getKey().length());
  }

  /** Reads {@code districts.yaml} from the knowledge-base folder; no file, no districts. */
  public static Districts load(Path knowledgeBase) {
    Path file = knowledgeBase.resolve("districts.yaml");
    if (!Files.exists(file)) return NONE;
    Object root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Object.class);
    } catch (IOException e) {
      throw new InvalidKnowledgeBase(file, "not valid YAML: " + e.getMessage());
    }
    if (!(root instanceof Map<?, ?> map) || !(map.get("districts") instanceof List<?> list)) {
      throw new InvalidKnowledgeBase(file, "expected a list under 'districts'");
    }
    List<District> districts = new ArrayList<>();
    for (Object item : list) {
      if (!(item instanceof Map<?, ?> entry) || !(entry.get("id") instanceof String id) || id.isBlank()) {
        throw new InvalidKnowledgeBase(file, "every district needs an 'id'");
      }
      Map<String, String> names = new LinkedHashMap<>();
      if (entry.get("name") instanceof Map<?, ?> n) n.forEach((k, v) -> names.put(String.valueOf(k), String.valueOf(v)));
      else if (entry.get("name") != null) names.put("en", String.valueOf(entry.get("name")));
      List<String> aliases = new ArrayList<>();
      if (entry.get("aliases") instanceof List<?> a) a.forEach(x -> aliases.add(String.valueOf(x)));
      districts.add(new District(id, names, aliases));
    }
    return new Districts(districts);
  }

  public Optional<District> byId(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
  }

  public boolean isEmpty() {
    return byId.isEmpty();
  }

  public List<District> all() {
    return List.copyOf(byId.values());
  }

  /** The district mentioned in {@code text} (the longest name found; whole words for Latin names). */
  public Optional<District> find(String text) {
    String t = normalise(text);
    for (Map.Entry<String, District> s : spellings) {
      String name = s.getKey();
      boolean latin = name.codePoints().anyMatch(cp -> Character.isLetter(cp)
          && Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN);
      int at = t.indexOf(name);
      while (at >= 0) {
        int end = at + name.length();
        boolean startOk = !latin || at == 0 || !Character.isLetterOrDigit(t.charAt(at - 1));
        boolean endOk = !latin || end == t.length() || !Character.isLetterOrDigit(t.charAt(end));
        if (startOk && endOk) return Optional.of(s.getValue());
        at = t.indexOf(name, at + 1);
      }
    }
    return Optional.empty();
  }

  static String normalise(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
  }
}
