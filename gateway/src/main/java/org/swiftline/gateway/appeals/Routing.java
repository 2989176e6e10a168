package org.swiftline.gateway.appeals;

import java.util.Optional;
import org.swiftline.gateway.knowledge.Category;
import org.swiftline.gateway.knowledge.KnowledgeBase;

/**
 * Which department handles an appeal: the category's department from {@code categories.yaml}, or the
 * category's override for the appeal's district where the routing table has one.
 */
public final class Routing {
  private Routing() {}

  /** The department for {@code categoryId} in {@code district} (may be {@code null}); empty for an unknown category. */
  public static Optional<String> department(KnowledgeBase kb, String categoryId, String district) {
    if (categoryId == null) return Optional.empty();
    Category category = kb.categories().get(categoryId);
    if (category == null) return Optional.empty();
    if (district != null && category.districts().containsKey(district)) {
      return Optional.of(category.districts().get(district));
    }
    return Optional.of(category.department());
  }
}
