package org.swiftline.bench;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import org.swiftline.gateway.operators.OperatorCommand;

/** The administrator account of a benchmark's gateway, made with the {@code operator add} command. */
final class BenchAdmin {
  private BenchAdmin() {}

  /** Runs {@code operator add} on the data folder {@code data}, before a gateway opens it. */
  static void create(Path kb, Path data, String name, String password) {
    int code = OperatorCommand.run(new String[] {"operator", "add", "--name", name, "--role", "admin", "--languages", "en,zh",
        "--kb", kb.toString(), "--data", data.toString()}, Map.of("SWIFTLINE_OPERATOR_PASSWORD", password),
        InputStream.nullInputStream(), System.out, System.err);
    if (code != 0) throw new IllegalStateException("operator add failed with exit code " + code);
  }
}
