package org.swiftline.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.swiftline.gateway.TestGateway;
import org.swiftline.gateway.llm.LocalChatServer;
import org.swiftline.gateway.llm.Prompts;

/**
 * What the LLM features cost in chat latency: the evaluation questions through the real HTTP API, without
 * a model, then with a local OpenAI-compatible server answering after a fixed delay (a grounded answer made
 * of the first sentence of the first article it is given, so that it passes the check), and with a model
 * slower than the latency budget. {@code mvn -q -pl bench exec:java -Dexec.args="llm"}.
 */
final class LlmBench {
  private static final String ADMIN = "bench-admin-token-0123456789abcdef";
  private static final Pattern ARTICLE = Pattern.compile("<article id=\"([a-z0-9-]+)\"[^>]*>\\n(.*?)\\n</article>", Pattern.DOTALL);

  private LlmBench() {}

  static void run(Path kb, List<String> questions) throws Exception {
    try (LocalChatServer model = new LocalChatServer()) {
      System.out.println("LLM latency: the " + questions.size() + " evaluation questions through POST /api/v1/chat, repeating, 2 s warm-up, 10 s measured per row");
      scenario(kb, questions, model, "no model (SWIFTLINE_LLM_PROVIDER=none)", null, 0, Map.of());
      for (long delay : new long[] {0, 300, 1000}) {
        scenario(kb, questions, model, "model answering in " + delay + " ms", "openai", delay, Map.of());
      }
      scenario(kb, questions, model, "model slower (3000 ms) than the 1000 ms budget, circuit breaker off", "openai", 3000,
          Map.of("SWIFTLINE_LLM_TIMEOUT_MS", "1000", "SWIFTLINE_LLM_BREAKER_FAILURES", "1000"));
      scenario(kb, questions, model, "model slower (3000 ms) than the 1000 ms budget, default breaker (5 failures, 30 s open)",
          "openai", 3000, Map.of("SWIFTLINE_LLM_TIMEOUT_MS", "1000"));
    }
  }

  private static void scenario(Path kb, List<String> questions, LocalChatServer model, String title, String provider, long delay,
      Map<String, String> extra) throws Exception {
    model.script(r -> answer(r).delayed(delay));
    Map<String, String> env = new HashMap<>();
    env.put("SWIFTLINE_ADMIN_TOKEN", ADMIN);
    if (provider != null) {
      env.put("SWIFTLINE_LLM_PROVIDER", provider);
      env.put("SWIFTLINE_LLM_BASE_URL", model.openAiUrl());
      env.put("SWIFTLINE_LLM_MODEL", "bench");
      env.put("SWIFTLINE_LLM_CALLS_PER_MINUTE", "1000000");
      env.put("SWIFTLINE_LLM_THREADS", "32");
    }
    env.putAll(extra);
    try (TestGateway gateway = TestGateway.start(kb, env)) {
      System.out.println(title + ":");
      for (int clients : new int[] {1, 8}) {
        System.out.println("  " + Load.run(gateway.vertx, gateway.port, questions, clients, 2, 10, false));
      }
      if (provider != null) {
        JsonObject status = gateway.client.get("/api/v1/llm/status").putHeader("Authorization", "Bearer " + ADMIN).send().await()
            .bodyAsJsonObject();
        System.out.println("  model calls: " + status.getLong("calls") + " made, " + status.getLong("succeeded")
            + " answered; not used: " + status.getJsonObject("failed").encode() + "; circuit " + status.getString("circuit"));
      }
    }
  }

  /** A well-formed answer for each prompt: grounded answers quote the first article's first sentence. */
  private static LocalChatServer.Answer answer(LocalChatServer.Request r) {
    switch (r.prompt()) {
      case Prompts.GROUNDED_ANSWER -> {
        Matcher m = ARTICLE.matcher(r.user());
        if (!m.find()) return LocalChatServer.Answer.json(new JsonObject().put("found", false).put("answer", "").put("cited", new JsonArray()));
        String body = m.group(2).strip();
        int end = body.indexOf(". ");
        String sentence = end > 0 ? body.substring(0, end + 1) : body.lines().findFirst().orElse(body);
        return LocalChatServer.Answer.json(new JsonObject().put("found", true).put("answer", sentence)
            .put("cited", new JsonArray().add(m.group(1))));
      }
      case Prompts.QUERY_TRANSLATION -> {
        return LocalChatServer.Answer.json(new JsonObject().put("translations", new JsonObject()));
      }
      default -> {
        return LocalChatServer.Answer.of("ok");
      }
    }
  }
}
