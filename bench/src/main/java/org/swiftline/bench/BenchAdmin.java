package org.swiftline.bench;

import java.nio.file.Path;

/** The administrator account of a benchmark's gateway, made with the {@code operator add} command. */
final class BenchAdmin {
  private BenchAdmin() {}

  static void create(Path kb, Path data, String name, String password) {
    throw new UnsupportedOperationException("operator add: waiting for the operators backend");
  }
}
