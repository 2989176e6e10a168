package org.swiftline.gateway.llm;

import dev.langchain4j.model.chat.ChatModel;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import org.swiftline.gateway.llm.LlmSettings.Feature;
import org.swiftline.gateway.store.ConversationStore;

/**
 * The LLM features built from the settings: the model client with its breaker and budget, and each feature
 * that is on. With no provider everything is off and nothing is loaded.
 *
 * @param client the model client, {@code null} when no model is configured
 * @param assistance what the dialogue uses
 * @param translator translation for operators, {@code null} when off
 * @param summaries hand-off summaries, {@code null} when off
 */
public record LlmServices(ModelClient client, Assistance assistance, Translator translator, HandoffSummaries summaries) {
  public static final LlmServices NONE = new LlmServices(null, Assistance.NONE, null, null);

  /**
   * Builds the features; blocking (reads the prompt files): call on a worker thread.
   *
   * @param pool the dedicated worker pool the blocking model calls run on
   * @throws Prompts.InvalidPrompt naming a template file that cannot be used
   */
  public static LlmServices create(LlmSettings settings, WorkerExecutor pool, ConversationStore conversations, Clock clock) {
    if (!settings.enabled()) return NONE;
    Prompts prompts = Prompts.load(settings.prompts());
    ChatModel model = ChatModels.create(settings);
    ModelClient client = new ModelClient(model, pool,
        new CircuitBreaker(settings.breakerFailures(), settings.breakerOpenMs(), clock),
        new CallBudget(settings.callsPerMinute(), clock));
    PersonalData personal = new PersonalData(!settings.sendPersonalData());
    Assistance assistance = new Assistance(
        settings.on(Feature.ANSWERS) ? new GroundedAnswers(client, prompts, personal) : null,
        settings.on(Feature.CROSSLINGUAL) ? new QuestionTranslator(client, prompts, personal) : null,
        settings.on(Feature.APPEALS) ? new AppealDrafter(client, prompts, personal) : null,
        settings.timeoutMs());
    return new LlmServices(client, assistance,
        settings.on(Feature.TRANSLATE) ? new ModelTranslator(client, prompts, personal, settings.timeoutMs()) : null,
        settings.on(Feature.SUMMARY)
            ? new HandoffSummaries(client, prompts, personal, conversations, settings.timeoutMs()) : null);
  }
}
