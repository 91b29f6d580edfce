package se.samverkan.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keycloak from the Maven Central distribution, run as a child process ({@code kc.sh start-dev})
 * on the embedded PostgreSQL, with the production realm imported on first start. Its output goes
 * to a log file; its pid to a file so that a later start can clean up after a hard kill.
 */
public final class KeycloakServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KeycloakServer.class);

  /**
   * @param home          the unpacked keycloak-quarkus-dist
   * @param javaHome      a JDK ≥ 21 to run it with
   * @param realmFileName name under which {@code realmJson} is placed in {@code data/import}
   */
  public record Options(
      Path home,
      Path javaHome,
      int port,
      String jdbcUrl,
      String dbUser,
      String dbPassword,
      String adminUser,
      String adminPassword,
      String realmFileName,
      byte[] realmJson,
      Path logFile,
      Path pidFile,
      String heap) {
  }

  private final Process process;
  private final Options options;

  private KeycloakServer(Process process, Options options) {
    this.process = process;
    this.options = options;
  }

  public static KeycloakServer start(Options options) throws IOException, InterruptedException {
    Path kcScript = options.home().resolve("bin/kc.sh");
    if (!Files.isRegularFile(kcScript)) {
      throw new IOException("No Keycloak distribution at " + options.home()
          + " (build with ./mvnw package, or set SAMVERKAN_KEYCLOAK_HOME)");
    }
    StaleProcesses.stopStaleKeycloak(options.pidFile(), options.home());
    Path importDir = options.home().resolve("data/import");
    Files.createDirectories(importDir);
    Files.write(importDir.resolve(options.realmFileName()), options.realmJson());
    Files.createDirectories(options.logFile().toAbsolutePath().getParent());
    Files.createDirectories(options.pidFile().toAbsolutePath().getParent());

    List<String> command = new ArrayList<>(List.of(
        kcScript.toString(), "start-dev",
        "--import-realm",
        "--http-port=" + options.port(),
        "--http-host=127.0.0.1",
        "--hostname=http://localhost:" + options.port(),
        "--db=postgres",
        "--health-enabled=false",
        "--metrics-enabled=false",
        "--log-level=info"));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(options.home().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(options.logFile().toFile()));
    Map<String, String> env = builder.environment();
    env.put("JAVA_HOME", options.javaHome().toString());
    env.put("PATH", options.javaHome().resolve("bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    // Secrets travel in the environment, not on the command line where `ps` shows them.
    env.put("KC_DB_URL", options.jdbcUrl());
    env.put("KC_DB_USERNAME", options.dbUser());
    env.put("KC_DB_PASSWORD", options.dbPassword());
    env.put("KC_BOOTSTRAP_ADMIN_USERNAME", options.adminUser());
    env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", options.adminPassword());
    env.put("JAVA_OPTS_KC_HEAP", options.heap());
    // jboss-threads needs this on JDK 24+; without it Keycloak logs IllegalAccessErrors from its executors.
    env.put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
    env.remove("KC_HOSTNAME");
    Process process = builder.start();
    Files.writeString(options.pidFile(), process.pid() + "\n", StandardCharsets.US_ASCII);
    LOG.info("Keycloak starting (pid {}), log in {}", process.pid(), options.logFile());
    return new KeycloakServer(process, options);
  }

  public String baseUrl() {
    return "http://localhost:" + options.port();
  }

  public String realmUrl(String realm) {
    return baseUrl() + "/realms/" + realm;
  }

  /** Waits until the realm answers its discovery document; reports progress while waiting. */
  public void awaitReady(String realm, Duration timeout, Consumer<Duration> progress)
      throws IOException, InterruptedException {
    awaitReady(realm, timeout, progress, () -> false);
  }

  /** As above; throws {@link StartAborted} as soon as {@code aborted} turns true. */
  public void awaitReady(String realm, Duration timeout, Consumer<Duration> progress, BooleanSupplier aborted)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI discovery = URI.create(realmUrl(realm) + "/.well-known/openid-configuration");
    long start = System.nanoTime();
    long lastReport = start;
    while (true) {
      StartAborted.check(aborted, "while waiting for Keycloak");
      if (!process.isAlive()) {
        throw new IOException("Keycloak exited with code " + process.exitValue() + " during start; see "
            + options.logFile() + ":\n" + tail(options.logFile(), 30));
      }
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(3))
            .GET().build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      long now = System.nanoTime();
      Duration waited = Duration.ofNanos(now - start);
      if (waited.compareTo(timeout) > 0) {
        throw new IOException("Keycloak did not become ready within " + timeout.toSeconds() + " s; see "
            + options.logFile() + ":\n" + tail(options.logFile(), 30));
      }
      if (now - lastReport > Duration.ofSeconds(5).toNanos()) {
        progress.accept(waited);
        lastReport = now;
      }
      Thread.sleep(250);
    }
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (process.isAlive()) {
      StaleProcesses.stopTree(process.toHandle(), Duration.ofSeconds(30));
    }
    Files.deleteIfExists(options.pidFile());
  }
}
