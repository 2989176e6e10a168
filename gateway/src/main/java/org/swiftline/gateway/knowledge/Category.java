package org.swiftline.gateway.knowledge;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An appeal category from {@code categories.yaml}: the department it routes to, per-district overrides
 * and example appeal texts for the classifier.
 */
public record Category(
    String id, Map<String, String> names, String department, Map<String, String> districts, List<String> examples) {
  public Category {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(department, "department");
    names = Map.copyOf(names == null ? Map.of() : names);
    districts = Map.copyOf(districts == null ? Map.of() : districts);
    examples = List.copyOf(examples == null ? List.of() : examples);
  }
}
