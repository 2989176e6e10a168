package org.swiftline.gateway;

import java.io.PrintStream;

/** Lets tests in other packages run the package-private {@link MigrateCommand}. */
public final class MigrateCommandAccess {
  private MigrateCommandAccess() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    return MigrateCommand.run(args, out, err);
  }
}
