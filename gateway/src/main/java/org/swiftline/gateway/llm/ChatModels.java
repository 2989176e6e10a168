package org.swiftline.gateway.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;

/**
 * Builds LangChain4j's chat model for {@code SWIFTLINE_LLM_PROVIDER}: {@code openai} for any
 * OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, llama.cpp's server, DeepSeek, Qwen's
 * compatible mode), {@code ollama} for Ollama's {@code /api/chat}. No retries (the circuit breaker and the
 * fallback handle failures) and a low temperature. To add a provider: a word in
 * {@link LlmSettings#PROVIDERS} and a case here.
 */
public final class ChatModels {
  private ChatModels() {}

  /** The chat model for {@code settings}; {@code null} when the provider is {@code none}. */
  public static ChatModel create(LlmSettings settings) {
    Duration timeout = Duration.ofMillis(settings.timeoutMs());
    return switch (settings.provider()) {
      case "openai" -> OpenAiChatModel.builder()
          .baseUrl(settings.baseUrl().toString())
          .apiKey(settings.apiKey() == null ? "unused" : settings.apiKey())
          .modelName(settings.model())
          .temperature(0.1)
          .timeout(timeout)
          .maxRetries(0)
          .build();
      case "ollama" -> OllamaChatModel.builder()
          .baseUrl(settings.baseUrl().toString())
          .modelName(settings.model())
          .temperature(0.1)
          .timeout(timeout)
          .maxRetries(0)
          .build();
      case "none" -> null;
      default -> throw new IllegalArgumentException("unknown provider " + settings.provider());
    };
  }
}
