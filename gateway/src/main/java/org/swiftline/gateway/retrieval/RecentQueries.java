package org.swiftline.gateway.retrieval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An embedder that remembers the embeddings of the last {@code capacity} texts it was asked for: a
 * hotline hears the same short questions ("visa extension", "护照丢了") all day, and embedding is the
 * most expensive step of a turn. Thread-safe.
 */
final class RecentQueries implements Embedder {
  private final Embedder model;
  private final Map<String, float[]> recent;

  RecentQueries(Embedder model, int capacity) {
    this.model = model;
    this.recent = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
        return size() > capacity;
      }
    };
  }

  @Override
  public String name() {
    return model.name();
  }

  @Override
  public float[] embed(String text) {
    synchronized (recent) {
      float[] known = recent.get(text);
      if (known != null) return known;
    }
    float[] computed = model.embed(text);
    synchronized (recent) {
      recent.put(text, computed);
    }
    return computed;
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    return model.embedAll(texts);
  }
}
