package org.swiftline.gateway.llm;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.swiftline.gateway.appeals.AppealProposal;
import org.swiftline.gateway.appeals.Districts;
import org.swiftline.gateway.knowledge.Category;
import org.swiftline.gateway.knowledge.KnowledgeBase;

/**
 * Appeal drafting: from what the person wrote, the model proposes the appeal's what, where, district, when
 * and category as JSON; a district or category that is not a known id (or a known district's name) is
 * dropped, and so is a where or when whose words are mostly not in what the person wrote (the model must
 * not invent a place or a time). The appeal conversation uses the proposal only for parts its own parser missed, and the
 * citizen confirms them in the summary.
 */
public final class AppealDrafter {
  private static final int MAX_PART = 500;

  private final ModelClient client;
  private final Prompts prompts;
  private final PersonalData personal;

  public AppealDrafter(ModelClient client, Prompts prompts, PersonalData personal) {
    this.client = client;
    this.prompts = prompts;
    this.personal = personal;
  }

  /**
   * @param messages what the person wrote in this conversation, oldest first
   * @return a future that succeeds with the checked proposal, or fails with {@link ModelUnavailable}
   */
  public Future<AppealProposal> propose(List<String> messages, String language, Districts districts, KnowledgeBase kb, long timeoutMs) {
    StringBuilder lines = new StringBuilder();
    for (String m : messages) lines.append("person: ").append(personal.mask(m).text().replace('\n', ' ')).append('\n');
    StringBuilder districtList = new StringBuilder();
    for (Districts.District d : districts.all()) {
      districtList.append(d.id()).append(": ").append(String.join(", ", new TreeMap<>(d.names()).values())).append('\n');
    }
    StringBuilder categoryList = new StringBuilder();
    for (Category c : new TreeMap<>(kb.categories()).values()) {
      categoryList.append(c.id()).append(": ").append(c.names().getOrDefault("en", c.id())).append('\n');
    }
    PromptTemplate.Rendered prompt = prompts.get(Prompts.APPEAL_DRAFT).render(Map.of(
        "language", Languages.describe(language),
        "conversation", Delimited.conversation(lines.toString().strip()),
        "districts", districtList.length() == 0 ? "(none)" : districtList.toString().strip(),
        "categories", categoryList.length() == 0 ? "(none)" : categoryList.toString().strip()));
    return client.call(prompt, true, timeoutMs).map(text -> {
      JsonObject json;
      try {
        json = ModelJson.parse(text);
      } catch (ModelUnavailable e) {
        client.unusable(prompt.name(), ModelUnavailable.Reason.MALFORMED, "not JSON");
        throw e;
      }
      String district = ModelJson.text(json, "district");
      if (district != null && districts.byId(district).isEmpty()) {
        district = districts.find(district).map(Districts.District::id).orElse(null);
      }
      String category = ModelJson.text(json, "category");
      if (category != null && !kb.categories().containsKey(category)) category = null;
      String said = String.join("\n", messages);
      return new AppealProposal(clip(ModelJson.text(json, "what")), said(clip(ModelJson.text(json, "where")), said),
          district, said(clip(ModelJson.text(json, "when")), said), category);
    });
  }

  /** {@code part} when at least 60% of its words (Han characters one by one) are in {@code said}, else null. */
  static String said(String part, String said) {
    if (part == null) return null;
    String haystack = said.toLowerCase(java.util.Locale.ROOT);
    int words = 0;
    int found = 0;
    for (String w : part.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.isEmpty()) continue;
      if (w.codePoints().allMatch(Character::isIdeographic)) {
        for (int cp : w.codePoints().toArray()) {
          words++;
          if (haystack.contains(new String(Character.toChars(cp)))) found++;
        }
      } else {
        words++;
        if (haystack.contains(w)) found++;
      }
    }
    return words > 0 && found >= 0.6 * words ? part : null;
  }

  /** A part as long as an appeal allows, without placeholders of masked data. */
  private static String clip(String s) {
    if (s == null) return null;
    String t = s.replaceAll("\\[(?:PHONE|ID|EMAIL)_\\d+]", "").strip();
    if (t.isEmpty()) return null;
    return t.length() <= MAX_PART ? t : t.substring(0, MAX_PART);
  }
}
