package org.swiftline.gateway.retrieval;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/** An in-process LangChain4j ONNX embedding model, with vectors scaled to unit length. */
final class OnnxEmbedder implements Embedder {
  private final String name;
  private final EmbeddingModel model;

  OnnxEmbedder(String name, EmbeddingModel model) {
    this.name = name;
    this.model = model;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public float[] embed(String text) {
    return unit(model.embed(text).content().vector());
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    List<float[]> result = new ArrayList<>(texts.size());
    model.embedAll(segments).content().forEach(e -> result.add(unit(e.vector())));
    return result;
  }

  static float[] unit(float[] v) {
    double sum = 0;
    for (float x : v) sum += x * x;
    float norm = (float) Math.sqrt(sum);
    if (norm == 0) return v;
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[i] / norm;
    return out;
  }
}
