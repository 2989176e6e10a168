package org.swiftline.gateway.retrieval;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Embeddings of knowledge-base texts kept on disk, keyed by the SHA-256 of the text, so that a restart
 * or a reload recomputes only what changed. One append-only file per model under the data folder; a
 * torn last record (a crash mid-write) is ignored. Thread-safe; blocking.
 */
final class EmbeddingCache {
  private final Path file;
  private final Map<String, float[]> vectors = new ConcurrentHashMap<>();

  EmbeddingCache(Path directory, String model) {
    this.file = directory.resolve(model + ".vectors");
    load();
  }

  /** Embeddings of {@code texts} from the cache, computing and storing the missing ones. */
  synchronized List<float[]> embedAll(Embedder embedder, List<String> texts) {
    List<String> missing = new ArrayList<>();
    for (String t : texts) if (!vectors.containsKey(key(t)) && !missing.contains(t)) missing.add(t);
    if (!missing.isEmpty()) {
      List<float[]> computed = new ArrayList<>();
      for (int from = 0; from < missing.size(); from += 64) {
        computed.addAll(embedder.embedAll(missing.subList(from, Math.min(missing.size(), from + 64))));
      }
      append(missing, computed);
    }
    return texts.stream().map(t -> vectors.get(key(t))).toList();
  }

  private void append(List<String> texts, List<float[]> computed) {
    try {
      Files.createDirectories(file.getParent());
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(
          file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)))) {
        for (int i = 0; i < texts.size(); i++) {
          String key = key(texts.get(i));
          float[] v = computed.get(i);
          out.write(HexFormat.of().parseHex(key));
          out.writeInt(v.length);
          for (float x : v) out.writeFloat(x);
          vectors.put(key, v);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write embedding cache " + file, e);
    }
  }

  private void load() {
    if (!Files.exists(file)) return;
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
      byte[] key = new byte[32];
      while (true) {
        try {
          in.readFully(key);
          int n = in.readInt();
          if (n <= 0 || n > 8192) return; // corrupt tail: keep what was read
          float[] v = new float[n];
          for (int i = 0; i < n; i++) v[i] = in.readFloat();
          vectors.put(HexFormat.of().formatHex(key), v);
        } catch (EOFException torn) {
          return;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read embedding cache " + file, e);
    }
  }

  private static String key(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
