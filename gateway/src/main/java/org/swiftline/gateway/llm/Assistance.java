package org.swiftline.gateway.llm;

/**
 * What the language model does inside the chat, for the dialogue: each part {@code null} when it is off.
 *
 * @param answers grounded answers ({@code answers} feature)
 * @param questions cross-lingual search ({@code crosslingual} feature)
 * @param appeals appeal drafting ({@code appeals} feature)
 * @param budgetMs the latency budget of one chat turn's model calls
 */
public record Assistance(GroundedAnswers answers, QuestionTranslator questions, AppealDrafter appeals, long budgetMs) {
  /** No model: the dialogue behaves exactly as without this package. */
  public static final Assistance NONE = new Assistance(null, null, null, 0);

  public boolean any() {
    return answers != null || questions != null || appeals != null;
  }
}
