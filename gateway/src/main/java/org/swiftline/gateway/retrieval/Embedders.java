package org.swiftline.gateway.retrieval;

import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which embedding model serves which language (LangChain4j's quantized all-MiniLM-L6-v2 and
 * bge-small-zh-v1.5, run by {@link OnnxModel} one query per thread), with the models loaded once and their knowledge-base
 * embeddings cached on disk. Configured as {@code lang=model} pairs, {@code *} for every other language;
 * {@code lang=none} turns them off for one language, the
 * word {@code none} alone for all.
 */
public final class Embedders {
  /**
   * MiniLM for English and, with partial benefit, other Latin and Cyrillic languages (its word pieces
   * cover them); bge for Chinese; none for Japanese, Korean and Arabic, where MiniLM measured worse.
   */
  public static final String DEFAULT = "zh=bge-small-zh-v15-q,ja=none,ko=none,ar=none,*=all-minilm-l6-v2-q";
  private static final Map<String, Supplier<Embedder>> MODELS = Map.of(
      "all-minilm-l6-v2-q", () -> new OnnxEmbedder("all-minilm-l6-v2-q",
          new OnnxModel("all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", PoolingMode.MEAN)),
      "bge-small-zh-v15-q", () -> new OnnxEmbedder("bge-small-zh-v15-q",
          new OnnxModel("bge-small-zh-v1.5-q.onnx", "bge-small-zh-v1.5-q-tokenizer.json", PoolingMode.CLS)));

  /** How many recent query embeddings each model keeps (384 floats each: about 6 MB for 4096). */
  static final int RECENT_QUERIES = 4096;

  private final Map<String, String> modelByLanguage;
  private final Map<String, Embedder> loaded = new HashMap<>();
  private final Map<String, EmbeddingCache> caches = new HashMap<>();
  private final Path cacheDirectory;

  private Embedders(Map<String, String> modelByLanguage, Path cacheDirectory) {
    this.modelByLanguage = modelByLanguage;
    this.cacheDirectory = cacheDirectory;
  }

  /**
   * Parses a configuration such as {@code en=all-minilm-l6-v2-q,zh=bge-small-zh-v15-q}.
   *
   * @throws IllegalArgumentException naming the unknown model and the allowed ones
   */
  public static Embedders parse(String spec, Path cacheDirectory) {
    Map<String, String> map = new LinkedHashMap<>();
    if (spec != null && !spec.isBlank() && !spec.trim().equals("none")) {
      for (String pair : spec.split(",")) {
        String[] kv = pair.trim().split("=", 2);
        if (kv.length != 2 || kv[0].isBlank()) {
          throw new IllegalArgumentException("SWIFTLINE_EMBEDDINGS: expected lang=model pairs, got '" + pair + "'");
        }
        String model = kv[1].trim();
        if (!MODELS.containsKey(model) && !model.equals("none")) {
          throw new IllegalArgumentException("SWIFTLINE_EMBEDDINGS: unknown model '" + model + "'; allowed: "
              + String.join(", ", new java.util.TreeSet<>(MODELS.keySet())));
        }
        map.put(kv[0].trim(), model);
      }
    }
    return new Embedders(Map.copyOf(map), cacheDirectory);
  }

  /** Loads the models needed for these languages (blocking, about a second per model). */
  public synchronized void load(Set<String> languages) {
    for (String lang : languages) {
      String model = modelFor(lang);
      if (model != null && !loaded.containsKey(model)) {
        loaded.put(model, new RecentQueries(MODELS.get(model).get(), RECENT_QUERIES));
        caches.put(model, new EmbeddingCache(cacheDirectory, model));
      }
    }
  }

  /** The model name for {@code language}, or {@code null} when it has none. */
  public String modelFor(String language) {
    String model = modelByLanguage.getOrDefault(language, modelByLanguage.get("*"));
    return "none".equals(model) ? null : model;
  }

  /** The loaded embedder for {@code language}, or {@code null}. */
  synchronized Embedder forLanguage(String language) {
    String model = modelFor(language);
    return model == null ? null : loaded.get(model);
  }

  /** Embeddings of knowledge-base texts, through the disk cache. */
  List<float[]> embedAll(Embedder embedder, List<String> texts) {
    EmbeddingCache cache;
    synchronized (this) {
      cache = caches.get(embedder.name());
    }
    return cache.embedAll(embedder, texts);
  }
}
