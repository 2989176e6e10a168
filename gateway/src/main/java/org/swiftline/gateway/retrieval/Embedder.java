package org.swiftline.gateway.retrieval;

import java.util.List;

/**
 * A sentence-embedding model. Implementations are thread-safe and blocking (call from a worker thread).
 * To add one, implement this interface and name it in {@link Embedders}.
 */
public interface Embedder {
  /** A stable name that keys the on-disk cache, e.g. {@code all-minilm-l6-v2-q}. */
  String name();

  /** The unit-length embedding of {@code text}. */
  float[] embed(String text);

  /** Embeddings of many texts, in order; implementations may batch. */
  default List<float[]> embedAll(List<String> texts) {
    return texts.stream().map(this::embed).toList();
  }
}
