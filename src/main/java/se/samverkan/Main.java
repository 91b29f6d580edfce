package se.samverkan;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.logging.LogManager;
import se.samverkan.bench.BenchCommand;
import se.samverkan.config.ConfigException;

/**
 * {@code java -jar samverkan.jar <command>}: {@code dev} runs the embedded stack, {@code serve} runs
 * against configured PostgreSQL and Keycloak.
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    configureLogging();
    String command = args.length == 0 ? "help" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    int exit;
    try {
      exit = switch (command) {
        case "dev" -> DevCommand.run(System.getenv(), System.out);
        case "serve" -> ServeCommand.run(System.getenv(), System.out);
        case "setup-keycloak" -> SetupKeycloakCommand.run(System.getenv(), System.out);
        case "rotate-log-key" -> RotateLogKeyCommand.run(System.getenv(), System.out);
        case "bench" -> BenchCommand.run(rest, System.out);
        case "version", "--version" -> {
          System.out.println("samverkan " + BuildInfo.version());
          yield 0;
        }
        case "help", "--help", "-h" -> {
          usage(System.out);
          yield 0;
        }
        default -> {
          System.err.println("Unknown command: " + command + " " + String.join(" ", rest));
          usage(System.err);
          yield 2;
        }
      };
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      exit = 2;
    } catch (Exception e) {
      System.err.println("Samverkan could not start: " + e.getMessage());
      e.printStackTrace(System.err);
      exit = 1;
    }
    if (exit != 0) {
      System.exit(exit);
    }
  }

  static void usage(PrintStream out) {
    out.println("""
        Usage: java -jar samverkan.jar <command>

          dev      Run everything on this machine: embedded PostgreSQL, Keycloak with the dev
                   realm and test users, and the server. Data is kept in SAMVERKAN_DATA_DIR.
          serve    Production: use the configured PostgreSQL and Keycloak (SAMVERKAN_* variables,
                   see README.md); refuses to start when something required is missing.
          setup-keycloak
                   Prepare a Keycloak that imported keycloak-realm/samverkan-realm.json: write the
                   server client's secret and a master key to SAMVERKAN_SECRETS_DIR, allow the web
                   client at SAMVERKAN_PUBLIC_URL (docker-compose runs this once).
          rotate-log-key
                   Give the sharing log a new signing key (for the origin of SAMVERKAN_PUBLIC_URL),
                   announced by a note signed with the current key; run it with every server
                   stopped, with the same SAMVERKAN_* variables as serve.
          bench    Load benchmark of the team channels against a running dev server
                   (bench --help; results in docs/BENCHMARKS.md).
          version  Print the version.
        """);
  }

  private static void configureLogging() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    try (InputStream in = Main.class.getClassLoader().getResourceAsStream("logging.properties")) {
      if (in != null) {
        LogManager.getLogManager().readConfiguration(in);
      }
    } catch (IOException e) {
      System.err.println("Could not configure logging: " + e.getMessage());
    }
  }
}
