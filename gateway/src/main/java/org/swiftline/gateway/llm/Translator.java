package org.swiftline.gateway.llm;

import io.vertx.core.Future;

/**
 * Translates one message between a person's language and an operator's. The one implementation asks the
 * language model ({@link ModelTranslator}); to add another (a translation API), implement this and choose
 * it where the gateway builds the LLM services.
 */
public interface Translator {
  /**
   * @param from the text's language (BCP-47)
   * @param to the language wanted (BCP-47)
   * @return a future that succeeds with the translation (the text itself when both languages are the same),
   *     or fails with {@link ModelUnavailable} when no translation can be had now
   */
  Future<String> translate(String text, String from, String to);
}
