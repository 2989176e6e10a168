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
    int blocked = dim - dim % 8;
    for (int r = 0; r < ords.length; r++) {
      int base = r * dim;
      // Eight independent sums: the CPU overlaps them, where one running sum waits on each addition.
      float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (int i = 0; i < blocked; i += 8) {
        s0 += matrix[base + i] * query[i];
        s1 += matrix[base + i + 1] * query[i + 1];
        s2 += matrix[base + i + 2] * query[i + 2];
        s3 += matrix[base + i + 3] * query[i + 3];
        s4 += matrix[base + i + 4] * query[i + 4];
        s5 += matrix[base + i + 5] * query[i + 5];
        s6 += matrix[base + i + 6] * query[i + 6];
        s7 += matrix[base + i + 7] * query[i + 7];
      }
      float s = (s0 + s1) + (s2 + s3) + (s4 + s5) + (s6 + s7);
      for (int i = blocked; i < dim; i++) s += matrix[base + i] * query[i];
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
