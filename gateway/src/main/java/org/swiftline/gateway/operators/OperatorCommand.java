package org.swiftline.gateway.operators;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.swiftline.gateway.Settings;
import org.swiftline.gateway.store.StoreFactory;
import org.swiftline.gateway.store.Stores;

/**
 * The command line for operator accounts, on the same store as the server:
 * {@code java -jar swiftline.jar operator add --name NAME --role ROLE --languages en,zh [--data DIR]
 * [--store embedded|redis] [--redis URL] [--config FILE]}. The password comes from
 * {@code SWIFTLINE_OPERATOR_PASSWORD} or the first line of standard input, never from an argument (which
 * other users of the machine could see).
 */
public final class OperatorCommand {
  public static final String USAGE = """
      Usage: java -jar gateway/target/swiftline.jar operator add --name NAME --role operator|supervisor|admin
               --languages en,zh [--data DIR] [--store embedded|redis] [--redis URL] [--config FILE]
             The password (12 characters or more) is read from SWIFTLINE_OPERATOR_PASSWORD or standard input.""";

  private OperatorCommand() {}

  /** Runs the command; returns the process exit code (0 done, 1 failed, 2 bad arguments). */
  public static int run(String[] args, Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err) {
    if (args.length < 2 || !args[0].equals("operator") || !args[1].equals("add")) {
      err.println(USAGE);
      return 2;
    }
    String name = null;
    String role = null;
    String languages = null;
    List<String> rest = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      String flag = args[i];
      if (!List.of("--name", "--role", "--languages").contains(flag)) {
        rest.add(flag);
        continue;
      }
      if (i + 1 >= args.length) {
        err.println("swiftline: " + flag + " needs a value\n" + USAGE);
        return 2;
      }
      String value = args[++i];
      switch (flag) {
        case "--name" -> name = value;
        case "--role" -> role = value;
        default -> languages = value;
      }
    }
    Settings settings;
    Role parsedRole;
    List<String> parsedLanguages;
    try {
      if (name == null || role == null || languages == null) throw new IllegalArgumentException("--name, --role and --languages are required");
      Account.validName(name);
      parsedRole = Role.fromWire(role);
      parsedLanguages = Account.validLanguages(Arrays.asList(languages.split(",")));
      settings = Settings.from(rest.toArray(String[]::new), env);
    } catch (IllegalArgumentException | Settings.InvalidSetting e) {
      err.println("swiftline: " + e.getMessage() + "\n" + USAGE);
      return 2;
    }
    String password = env.get("SWIFTLINE_OPERATOR_PASSWORD");
    if (password == null || password.isEmpty()) password = readPassword(stdin, err);
    try {
      Passwords.checkStrength(password);
    } catch (IllegalArgumentException e) {
      err.println("swiftline: " + e.getMessage());
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      Stores stores = StoreFactory.open(vertx, settings.store(), settings.data(), settings.redisUrl(), settings.redisPrefix()).await();
      WorkerExecutor workers = vertx.createSharedWorkerExecutor("swiftline-passwords", 1);
      try {
        Accounts accounts = new Accounts(stores.operators(), workers, Duration.ofMinutes(settings.operators().sessionMinutes()),
            Clock.systemUTC());
        Account created = accounts.create("command-line", name, password, parsedRole, parsedLanguages).await();
        out.println("swiftline: operator account '" + created.name() + "' created (" + created.role().wire() + ", "
            + String.join(",", created.languages()) + ") in the " + settings.store() + " store");
        return 0;
      } finally {
        workers.close().await();
        stores.close().get().await();
      }
    } catch (Refused e) {
      err.println("swiftline: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println("swiftline: cannot create the account: " + e.getMessage());
      return 1;
    } finally {
      vertx.close().await();
    }
  }

  private static String readPassword(InputStream stdin, PrintStream err) {
    Console console = System.console();
    if (console != null && stdin == System.in) {
      char[] typed = console.readPassword("Password for the new account (12 characters or more): ");
      return typed == null ? null : new String(typed);
    }
    try {
      return new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
    } catch (IOException e) {
      err.println("swiftline: cannot read the password from standard input: " + e.getMessage());
      return null;
    }
  }
}
