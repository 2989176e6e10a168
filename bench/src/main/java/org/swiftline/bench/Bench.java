package org.swiftline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.swiftline.gateway.TestGateway;

/**
 * The benchmark command: {@code mvn -q -pl bench exec:java -Dexec.args="quality"} (see README.md).
 * Subcommands: {@code quality [KB]}, {@code components [KB]}, {@code load [KB]}, {@code startup [KB]},
 * {@code llm [KB]} (what the optional LLM features cost in latency), {@code channels [KB [N]]},
 * {@code appeals [KB [APPEALS]]}, {@code operators [KB] [CONVERSATIONS] [OPERATORS] [ROUNDS]}, {@code scaleout [KB [REDIS_URL [SECONDS]]]},
 * {@code generate DIR ARTICLES QUESTIONS}.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "quality" : args[0];
    Path kb = Path.of(args.length > 1 ? args[1] : "knowledge-base");
    if (!Files.isDirectory(kb) && Files.isDirectory(Path.of("..").resolve(kb))) kb = Path.of("..").resolve(kb);
    switch (command) {
      case "quality" -> quality(kb, settings(args, 2), true);
      case "components" -> {
        quality(kb, Map.of("SWIFTLINE_RETRIEVAL", "lexical"), true);
        quality(kb, Map.of("SWIFTLINE_RETRIEVAL", "dense"), true);
        quality(kb, Map.of("SWIFTLINE_RETRIEVAL", "hybrid"), true);
      }
      case "load" -> load(kb, settings(args, 2));
      case "scale" -> {
        Path generated = Files.createTempDirectory("swiftline-kb-150x100");
        List<String> texts = GeneratedKnowledgeBase.write(generated, 150, 100);
        System.out.println("Generated knowledge base: 150 articles x 100 questions in " + generated);
        startupAndLoad(generated, texts);
      }
      case "startup" -> startupAndLoad(kb, null);
      case "llm" -> LlmBench.run(kb, EvalSet.load(kb.resolve("eval")).items().stream().map(EvalSet.Item::text).toList());
      case "scaleout" -> ScaleOutLoad.run(kb, EvalSet.load(kb.resolve("eval")).items().stream().map(EvalSet.Item::text).toList(),
          args.length > 2 ? args[2] : "redis://127.0.0.1:6379/0", args.length > 3 ? Double.parseDouble(args[3]) : 15);
      case "channels" -> ChannelLoad.run(kb, EvalSet.load(kb.resolve("eval")).items().stream().map(EvalSet.Item::text).toList(),
          args.length > 2 ? Integer.parseInt(args[2]) : 50);
      case "appeals" -> AppealLoad.run(kb, args.length > 2 ? Integer.parseInt(args[2]) : 100_000);
      case "operators" -> OperatorLoad.run(kb, intArg(args, 2, 200), intArg(args, 3, 50), intArg(args, 4, 12));
      default -> {
        System.err.println("unknown benchmark '" + command + "'; use quality, components, load, scale, startup, llm, channels, appeals, operators, scaleout or generate");
        System.exit(2);
      }
    }
    System.exit(0);
  }

  /** The whole number at {@code position}, or {@code otherwise} when there is none. */
  static int intArg(String[] args, int position, int otherwise) {
    return args.length > position ? Integer.parseInt(args[position]) : otherwise;
  }

  /** {@code SWIFTLINE_X=value} arguments from position {@code from} on. */
  static Map<String, String> settings(String[] args, int from) {
    Map<String, String> env = new HashMap<>();
    for (int i = from; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      if (kv.length != 2 || !kv[0].startsWith("SWIFTLINE_")) throw new IllegalArgumentException("expected SWIFTLINE_X=value, got " + args[i]);
      env.put(kv[0], kv[1]);
    }
    return env;
  }

  static void load(Path kb, Map<String, String> env) throws Exception {
    startupAndLoad(kb, null, env);
  }

  /** Start-up cold and warm, heap after start, then load at 1 and 32 clients. */
  static void startupAndLoad(Path kb, List<String> texts) throws Exception {
    startupAndLoad(kb, texts, Map.of());
  }

  static void startupAndLoad(Path kb, List<String> texts, Map<String, String> env) throws Exception {
    Path data = Files.createTempDirectory("swiftline-bench");
    try (TestGateway cold = TestGateway.start(kb, data, new HashMap<>(env))) {
      System.out.printf("start-up, cold (no embedding or calibration cache): %d ms%n", cold.startMillis);
    }
    Files.deleteIfExists(data.resolve("swiftline.db"));
    try (TestGateway warm = TestGateway.start(kb, data, new HashMap<>(env))) {
      System.out.printf("start-up, warm cache: %d ms%n", warm.startMillis);
      for (int i = 0; i < 3; i++) System.gc();
      Runtime rt = Runtime.getRuntime();
      System.out.printf("heap used after start (after GC, includes the load generator): %d MB%n",
          (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
      List<String> questions = texts != null ? texts
          : EvalSet.load(kb.resolve("eval")).items().stream().map(EvalSet.Item::text).toList();
      for (boolean distinct : new boolean[] {false, true}) {
        System.out.println(distinct ? "every text new (no cache can help):" : "questions repeating:");
        for (int clients : new int[] {1, 32}) {
          System.out.println("  " + Load.run(warm.vertx, warm.port, questions, clients, 3, 15, distinct));
        }
      }
    }
  }

  static Map<String, Quality.Score> quality(Path kb, Map<String, String> env, boolean print) throws Exception {
    Path data = Files.createTempDirectory("swiftline-bench");
    try (TestGateway gateway = TestGateway.start(kb, data, new HashMap<>(env))) {
      EvalSet set = EvalSet.load(kb.resolve("eval"));
      Map<String, Quality.Score> scores = Quality.run(gateway.vertx, gateway.port, set, 8);
      if (print) {
        System.out.println("Answer quality on " + kb.resolve("eval") + " (" + set.items().size() + " messages)"
            + (env.isEmpty() ? "" : " with " + env));
        System.out.print(Quality.table(scores));
        System.out.println("Wrong answers:");
        scores.get("all").wrongAnswers.forEach(w -> System.out.println("  " + w));
        System.out.println("Answerable questions missed (no answer, or another article first):");
        scores.get("all").missed.forEach(w -> System.out.println("  " + w));
        System.out.println("Out-of-scope messages offered an article:");
        scores.get("all").outOfScopeOffered.forEach(w -> System.out.println("  " + w));
        System.out.println("Languages detected wrongly:");
        scores.get("all").wrongLanguages.forEach(w -> System.out.println("  " + w));
      }
      return scores;
    }
  }
}
