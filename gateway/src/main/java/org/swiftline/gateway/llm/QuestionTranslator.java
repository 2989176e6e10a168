package org.swiftline.gateway.llm;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cross-lingual search: translates a question into some of the knowledge base's languages in one model
 * call, so that it can be searched there too.
 */
public final class QuestionTranslator {
  private final ModelClient client;
  private final Prompts prompts;
  private final PersonalData personal;

  public QuestionTranslator(ModelClient client, Prompts prompts, PersonalData personal) {
    this.client = client;
    this.prompts = prompts;
    this.personal = personal;
  }

  /**
   * @return a future that succeeds with a translation per language of {@code targets} the model gave (maybe
   *     none), or fails with {@link ModelUnavailable}
   */
  public Future<Map<String, String>> translate(String question, String from, List<String> targets, long timeoutMs) {
    PromptTemplate.Rendered prompt = prompts.get(Prompts.QUERY_TRANSLATION).render(Map.of(
        "from", Languages.describe(from),
        "targets", String.join(", ", targets.stream().map(Languages::describe).toList()),
        "question", Delimited.userText(personal.mask(question).text())));
    return client.call(prompt, true, timeoutMs).map(text -> {
      JsonObject json;
      try {
        json = ModelJson.parse(text);
      } catch (ModelUnavailable e) {
        client.unusable(prompt.name(), ModelUnavailable.Reason.MALFORMED, "not JSON");
        throw e;
      }
      JsonObject translations = json.getValue("translations") instanceof JsonObject t ? t : json;
      Map<String, String> result = new LinkedHashMap<>();
      for (String target : targets) {
        String t = ModelJson.text(translations, target);
        if (t != null && t.length() <= 4000) result.put(target, t);
      }
      return result;
    });
  }
}
