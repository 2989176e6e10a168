package org.swiftline.gateway.knowledge;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A government department that appeals are routed to, from {@code departments.yaml}. */
public record Department(String id, Map<String, String> names, String phone, List<String> languages) {
  public Department {
    Objects.requireNonNull(id, "id");
    names = Map.copyOf(names == null ? Map.of() : names);
    languages = List.copyOf(languages == null ? List.of() : languages);
  }

  /** The department's name in {@code language}, else in English, else its id. */
  public String name(String language) {
    return names.getOrDefault(language, names.getOrDefault("en", id));
  }
}
