package org.swiftline.gateway.llm;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** Reads the JSON object a model was asked for, tolerating a Markdown code fence or words around it. Pure. */
final class ModelJson {
  private ModelJson() {}

  /**
   * The first JSON object in {@code text}.
   *
   * @throws ModelUnavailable with reason {@code MALFORMED} when there is none
   */
  static JsonObject parse(String text) {
    int start = text.indexOf('{');
    int end = text.lastIndexOf('}');
    if (start < 0 || end < start) throw new ModelUnavailable(ModelUnavailable.Reason.MALFORMED, "no JSON object");
    try {
      return new JsonObject(text.substring(start, end + 1));
    } catch (DecodeException | ClassCastException e) {
      throw new ModelUnavailable(ModelUnavailable.Reason.MALFORMED, "not a JSON object");
    }
  }

  /** A string field, {@code null} when absent, JSON null, the word "null" or blank. */
  static String text(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (!(v instanceof String s) || s.isBlank() || s.strip().equalsIgnoreCase("null")) return null;
    return s.strip();
  }
}
