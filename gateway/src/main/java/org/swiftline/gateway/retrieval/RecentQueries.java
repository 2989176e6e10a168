package org.swiftline.gateway.retrieval;

import java.util.List;

/**
 * An embedder that remembers the embeddings of the last {@code capacity} texts it was asked for:
 * embedding is the most expensive step of a turn. Thread-safe.
 */
final class RecentQueries implements Embedder {
  private final Embedder model;
  private final Recent<String, float[]> recent;

  RecentQueries(Embedder model, int capacity) {
    this.model = model;
    this.recent = new Recent<>(capacity);
  }

  @Override
  public String name() {
    return model.name();
  }

  @Override
  public float[] embed(String text) {
    return recent.get(text, model::embed);
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    return model.embedAll(texts);
  }
}
