package org.swiftline.gateway.appeals;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * An appeal being put together in a conversation, kept in the conversation's state until it is filed
 * or cancelled.
 *
 * @param key identifies this draft when it is filed, so that filing it twice stores it once
 * @param step the question the person is answering
 * @param editing whether the person is changing one part from the summary (back to the summary after it)
 * @param consent {@code null} until asked; the phone number is kept only with {@code true}
 * @param asked the parts already asked for (a letter each: w where, d district, t time, p phone), so that
 *     "don't know" is not asked again
 * @param category the category a language model proposed from the conversation (a known id), or {@code null};
 *     used when the classifier is not confident
 */
public record AppealDraft(
    String key, Step step, boolean editing, String what, String district, String address, String when, String phone,
    Boolean consent, String asked, String category) {

  /** The questions of the appeal conversation, in order. */
  public enum Step {
    WHAT, WHERE, DISTRICT, WHEN, PHONE, CONSENT, CONFIRM, EDIT;

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public AppealDraft {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(step, "step");
    asked = asked == null ? "" : asked;
  }

  public AppealDraft(
      String key, Step step, boolean editing, String what, String district, String address, String when, String phone,
      Boolean consent, String asked) {
    this(key, step, editing, what, district, address, when, phone, consent, asked, null);
  }

  public static AppealDraft start(String key) {
    return new AppealDraft(key, Step.WHAT, false, null, null, null, null, null, null, "");
  }

  boolean wasAsked(char part) {
    return asked.indexOf(part) >= 0;
  }

  AppealDraft markAsked(char part) {
    return wasAsked(part) ? this : new AppealDraft(key, step, editing, what, district, address, when, phone, consent, asked + part, category);
  }

  AppealDraft at(Step next, boolean editingNow) {
    return new AppealDraft(key, next, editingNow, what, district, address, when, phone, consent, asked, category);
  }

  AppealDraft withWhat(String v) {
    return new AppealDraft(key, step, editing, v, district, address, when, phone, consent, asked, category);
  }

  AppealDraft withDistrict(String v) {
    return new AppealDraft(key, step, editing, what, v, address, when, phone, consent, asked, category);
  }

  AppealDraft withAddress(String v) {
    return new AppealDraft(key, step, editing, what, district, v, when, phone, consent, asked, category);
  }

  AppealDraft withWhen(String v) {
    return new AppealDraft(key, step, editing, what, district, address, v, phone, consent, asked, category);
  }

  /** A new phone number, whose consent must be asked again; {@code null} removes it. */
  AppealDraft withPhone(String v) {
    return new AppealDraft(key, step, editing, what, district, address, when, v, null, asked, category);
  }

  AppealDraft withCategory(String v) {
    return new AppealDraft(key, step, editing, what, district, address, when, phone, consent, asked, v);
  }

  AppealDraft withConsent(boolean v) {
    return new AppealDraft(key, step, editing, what, district, address, when, v ? phone : null, v, asked, category);
  }

  public JsonObject toJson() {
    return new JsonObject().put("key", key).put("step", step.wire()).put("editing", editing).put("what", what)
        .put("district", district).put("address", address).put("when", when).put("phone", phone)
        .put("consent", consent).put("asked", asked).put("category", category);
  }

  public static AppealDraft fromJson(JsonObject j) {
    return new AppealDraft(j.getString("key"), Step.valueOf(j.getString("step").toUpperCase(java.util.Locale.ROOT)),
        j.getBoolean("editing", false), j.getString("what"), j.getString("district"), j.getString("address"),
        j.getString("when"), j.getString("phone"), j.getBoolean("consent"), j.getString("asked"), j.getString("category"));
  }
}
