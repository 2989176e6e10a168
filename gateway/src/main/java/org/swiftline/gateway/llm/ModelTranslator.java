package org.swiftline.gateway.llm;

import io.vertx.core.Future;
import java.util.Map;

/** A {@link Translator} that asks the language model; personal data stays here as placeholders and is put back. */
public final class ModelTranslator implements Translator {
  private final ModelClient client;
  private final Prompts prompts;
  private final PersonalData personal;
  private final long timeoutMs;

  public ModelTranslator(ModelClient client, Prompts prompts, PersonalData personal, long timeoutMs) {
    this.client = client;
    this.prompts = prompts;
    this.personal = personal;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<String> translate(String text, String from, String to) {
    if (from.equals(to)) return Future.succeededFuture(text);
    PersonalData.Masked masked = personal.mask(text);
    PromptTemplate.Rendered prompt = prompts.get(Prompts.TRANSLATION).render(Map.of(
        "from", Languages.describe(from), "to", Languages.describe(to), "text", Delimited.userText(masked.text())));
    return client.call(prompt, false, timeoutMs).map(out -> {
      String t = out.strip();
      if (t.startsWith("<user_text>")) t = t.substring("<user_text>".length());
      if (t.endsWith("</user_text>")) t = t.substring(0, t.length() - "</user_text>".length());
      t = t.strip();
      if (t.isEmpty()) {
        client.unusable(prompt.name(), ModelUnavailable.Reason.MALFORMED, "empty");
        throw new ModelUnavailable(ModelUnavailable.Reason.MALFORMED, "empty translation");
      }
      return masked.unmask(t);
    });
  }
}
