package org.swiftline.gateway.retrieval;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A LangChain4j in-process ONNX embedding model (the model and tokenizer files its Maven artifact ships)
 * whose session runs each query on the calling thread: one intra-op thread and no spinning. The gateway
 * already runs one query per engine worker; ONNX Runtime's default of a spinning thread pool per session
 * makes concurrent queries fight over the same cores, which costs throughput and tail latency.
 */
final class OnnxModel extends AbstractInProcessEmbeddingModel {
  private final OnnxBertBiEncoder encoder;

  /**
   * @param model the {@code .onnx} resource of the model's artifact, e.g. {@code all-minilm-l6-v2-q.onnx}
   * @param tokenizer its tokenizer resource, e.g. {@code all-minilm-l6-v2-q-tokenizer.json}
   * @throws IllegalStateException naming the resource when it is missing or cannot be loaded
   */
  OnnxModel(String model, String tokenizer, PoolingMode pooling) {
    super(null); // LangChain4j's default executor, for embedding the knowledge base in parallel
    try (InputStream modelIn = resource(model); InputStream tokenizerIn = resource(tokenizer)) {
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      OrtSession session = environment.createSession(modelIn.readAllBytes(), options);
      this.encoder = new OnnxBertBiEncoder(environment, session, tokenizerIn, pooling);
    } catch (IOException e) {
      throw new UncheckedIOException("loading the embedding model " + model + " failed", e);
    } catch (OrtException e) {
      throw new IllegalStateException("loading the embedding model " + model + " failed: " + e.getMessage(), e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = OnnxModel.class.getClassLoader().getResourceAsStream(name);
    if (in == null) throw new IllegalStateException("embedding model resource " + name + " is not on the class path");
    return in;
  }

  @Override
  protected OnnxBertBiEncoder model() {
    return encoder;
  }
}
