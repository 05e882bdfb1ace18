package dev.aedes.server;

import ch.qos.logback.classic.Level;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import sun.misc.Signal;

/**
 * {@code java -jar aedes-server.jar [--help] [--config FILE] [--tcp-port N] ...}: starts the
 * broker (or with {@code --hash-password} prints the hash of a password read from stdin) and runs until SIGTERM or SIGINT, which close it gracefully and exit with 0.
 */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    AedesServer server;
    try {
      server = start(args, System.getenv(), System.in, System.out);
    } catch (ConfigException e) {
      System.err.println("aedes-server: " + e.getMessage());
      System.exit(2);
      return;
    } catch (IllegalStateException e) {
      System.err.println("aedes-server: " + e.getMessage());
      System.exit(1);
      return;
    }
    if (server == null) {
      System.exit(0);
      return;
    }
    // A SIGTERM/SIGINT handler of our own: the JVM's default would exit with 143/130.
    Runnable stop = () -> {
      server.close();
      System.exit(0);
    };
    for (String signal : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(signal), s -> new Thread(stop, "aedes-shutdown").start());
    }
    // Any other orderly exit still closes the broker (close is idempotent).
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "aedes-shutdown-hook"));
    server.terminated().toCompletableFuture().join();
  }

  /** {@link #start(String[], Map, InputStream, PrintStream)} reading standard input. */
  static AedesServer start(String[] args, Map<String, String> env, PrintStream out,
      PrintStream err) {
    return start(args, env, System.in, out);
  }

  /**
   * Parses {@code args}; prints help, version or a password hash and returns null, or starts
   * the server. A bad flag, key or value throws a {@link ConfigException} naming it.
   */
  static AedesServer start(String[] args, Map<String, String> env, InputStream in,
      PrintStream out) {
    CommandLine cli = ServerCommand.commandLine();
    ParseResult parsed;
    try {
      parsed = cli.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new ConfigException(e.getMessage() + " (see --help)");
    }
    if (parsed.isUsageHelpRequested()) {
      cli.usage(out);
      return null;
    }
    if (parsed.isVersionHelpRequested()) {
      cli.printVersionHelp(out);
      return null;
    }
    if (parsed.hasMatchedOption(ServerCommand.HASH_PASSWORD_FLAG)) {
      out.println(hashPassword(in));
      return null;
    }
    ServerConfig config = ServerConfig.from(parsed, env);
    logLevel(config.string("logLevel"));
    return AedesServer.start(config);
  }

  /** The hash of the first line of {@code in}, for the {@code users} key. */
  private static String hashPassword(InputStream in) {
    String password;
    try {
      password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .readLine();
    } catch (IOException e) {
      throw new ConfigException("--hash-password: cannot read stdin: " + e.getMessage());
    }
    if (password == null || password.isEmpty()) {
      throw new ConfigException("--hash-password: expected a password on stdin");
    }
    return PasswordHash.hash(password.toCharArray(), PasswordHash.DEFAULT_ITERATIONS,
        new SecureRandom());
  }

  private static void logLevel(String level) {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(Level.toLevel(level, Level.INFO));
    }
  }
}
