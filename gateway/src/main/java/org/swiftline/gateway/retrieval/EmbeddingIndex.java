package org.swiftline.gateway.retrieval;

/** The unit-length embeddings of one language's questions and titles, searched by brute force. */
final class EmbeddingIndex {
  final Embedder embedder;
  final int[] ords;
  private final float[] matrix;
  private final int dim;

  EmbeddingIndex(Embedder embedder, int[] ords, float[][] vectors) {
    this.embedder = embedder;
    this.ords = ords;
    this.dim = vectors.length == 0 ? 0 : vectors[0].length;
    this.matrix = new float[ords.length * dim];
    for (int i = 0; i < vectors.length; i++) System.arraycopy(vectors[i], 0, matrix, i * dim, dim);
  }

  /** Cosine similarity of a unit query vector to every row. */
  float[] cosines(float[] query) {
    float[] out = new float[ords.length];
    for (int r = 0; r < ords.length; r++) {
      float s = 0;
      int base = r * dim;
      for (int i = 0; i < dim; i++) s += matrix[base + i] * query[i];
      out[r] = s;
    }
    return out;
  }

  /** The stored vector of row {@code r}. */
  float[] row(int r) {
    float[] v = new float[dim];
    System.arraycopy(matrix, r * dim, v, 0, dim);
    return v;
  }
}
