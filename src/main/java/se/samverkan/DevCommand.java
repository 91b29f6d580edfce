package se.samverkan;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import se.samverkan.config.AppConfig;
import se.samverkan.config.ConfigException;
import se.samverkan.config.EnvConfigLoader;
import se.samverkan.embedded.RealmAdmin;
import se.samverkan.embedded.EmbeddedStack;

/**
 * {@code dev}: PostgreSQL, Keycloak and the server in one process tree on one data directory.
 * SIGTERM/Ctrl-C stops all three in order (server, Keycloak, PostgreSQL); a later start reuses the
 * data and cleans up after a hard kill.
 */
final class DevCommand {

  static final String DATA_DIR = "SAMVERKAN_DATA_DIR";
  static final String KEYCLOAK_PORT = "SAMVERKAN_KEYCLOAK_PORT";
  static final String KEYCLOAK_HOME = "SAMVERKAN_KEYCLOAK_HOME";
  static final String DEV_POSTGRES_PORT = "SAMVERKAN_DEV_POSTGRES_PORT";
  static final String HTTP_PORT = "SAMVERKAN_HTTP_PORT";

  private DevCommand() {
  }

  static int run(Map<String, String> env, PrintStream out) throws Exception {
    Instant started = Instant.now();
    Path dataDir = Path.of(env.getOrDefault(DATA_DIR, "./.samverkan")).toAbsolutePath().normalize();
    int httpPort = port(env, HTTP_PORT, 8080);
    int keycloakPort = port(env, KEYCLOAK_PORT, 8180);
    int postgresPort = env.containsKey(DEV_POSTGRES_PORT) ? port(env, DEV_POSTGRES_PORT, 0) : 0;
    Path keycloakHome = env.containsKey(KEYCLOAK_HOME)
        ? Path.of(env.get(KEYCLOAK_HOME)).toAbsolutePath() : defaultKeycloakHome();

    Files.createDirectories(dataDir);
    FileChannel lockChannel = FileChannel.open(dataDir.resolve("dev.lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = lockChannel.tryLock();
    if (lock == null) {
      throw new IllegalStateException("Another `samverkan dev` is already running on " + dataDir);
    }
    requireFree(httpPort, HTTP_PORT);

    out.println("Samverkan dev: data in " + dataDir);
    EmbeddedStack stack = EmbeddedStack.start(new EmbeddedStack.Settings(
        dataDir, "127.0.0.1", httpPort, keycloakPort, postgresPort, keycloakHome,
        Path.of(System.getProperty("java.home")), true, false, Duration.ofMinutes(5), careModel(env), limits(env), mail(env, dataDir), out::println));

    Vertx vertx = Vertx.vertx();
    Application app;
    try {
      out.println("Starting the Samverkan server on port " + httpPort);
      app = Application.start(vertx, stack.appConfig()).await(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      vertx.close().await(30, TimeUnit.SECONDS);
      stack.close();
      throw e;
    }

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // One hook, in order: nothing may talk to PostgreSQL after it stops.
      try {
        out.println("Stopping Samverkan …");
        app.close().await(30, TimeUnit.SECONDS);
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("Server did not stop cleanly: " + e.getMessage());
      }
      try {
        stack.close();
        lock.release();
        lockChannel.close();
        out.println("Stopped.");
      } catch (Exception e) {
        System.err.println("Keycloak/PostgreSQL did not stop cleanly: " + e.getMessage());
      } finally {
        stopped.countDown();
      }
    }, "samverkan-dev-shutdown"));

    out.println("Samverkan is ready at http://localhost:" + app.port());
    printLogins(out, stack, dataDir, Duration.between(started, Instant.now()));
    stopped.await();
    return 0;
  }

  private static void printLogins(PrintStream out, EmbeddedStack stack, Path dataDir, Duration took)
      throws IOException {
    JsonObject dev = new JsonObject(new String(
        DevCommand.class.getClassLoader().getResourceAsStream(EmbeddedStack.DEV_REALM_RESOURCE).readAllBytes(),
        StandardCharsets.UTF_8));
    Map<String, String> orgOf = RealmAdmin.organisationOfUser(dev);
    out.println("  Dev logins (password \"samverkan\"), started in " + took.toSeconds() + " s:");
    JsonArray users = dev.getJsonArray("users", new JsonArray());
    for (Object o : users) {
      JsonObject u = (JsonObject) o;
      out.printf("    %-16s %-22s %-18s %s%n",
          u.getString("username"),
          (u.getString("firstName", "") + " " + u.getString("lastName", "")).trim(),
          orgOf.getOrDefault(u.getString("username"), "—"),
          String.join(", ", u.getJsonArray("realmRoles", new JsonArray()).stream()
              .map(Object::toString).filter(r -> !r.startsWith("default-roles")).toList()));
    }
    out.println("  Keycloak: " + stack.keycloak().baseUrl() + "/admin (user dev-admin, password in "
        + dataDir.resolve("keycloak/admin-password") + ")");
    AppConfig.Mail mail = stack.appConfig().mail();
    out.println("  Mail: " + (mail.host() != null ? "SMTP " + mail.host() + ":" + mail.port()
        : "written as .eml files to " + mail.fileSink()));
    out.println("  Tokens for scripts: curl -d grant_type=password -d client_id=samverkan-dev-cli "
        + "-d username=anna.bvc -d password=samverkan " + stack.keycloak().realmUrl(EmbeddedStack.REALM)
        + "/protocol/openid-connect/token");
  }

  private static se.samverkan.config.AppConfig.Limits limits(Map<String, String> env) {
    java.util.List<String> problems = new java.util.ArrayList<>();
    se.samverkan.config.AppConfig.Limits limits = se.samverkan.config.EnvConfigLoader.limits(env, problems);
    if (!problems.isEmpty()) {
      throw new se.samverkan.config.ConfigException(problems);
    }
    return limits;
  }

  /** SMTP when SAMVERKAN_SMTP_HOST is set; otherwise mails are saved as .eml files in the data dir. */
  private static AppConfig.Mail mail(Map<String, String> env, Path dataDir) {
    List<String> problems = new ArrayList<>();
    String host = env.get(EnvConfigLoader.SMTP_HOST);
    AppConfig.Mail mail = EnvConfigLoader.mail(env, host == null || host.isBlank() ? null : host.trim(),
        dataDir.resolve("mail"), "localhost", problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return mail;
  }

  private static String careModel(Map<String, String> env) {
    String model = se.samverkan.config.EnvConfigLoader.careModel(env);
    if (model == null) {
      throw new se.samverkan.config.ConfigException(java.util.List.of(se.samverkan.config.EnvConfigLoader.CARE_MODEL
          + " must be one of " + String.join(", ", se.samverkan.config.AppConfig.CARE_MODELS)));
    }
    return model;
  }

  private static Path defaultKeycloakHome() throws URISyntaxException {
    String version = Main.buildInfo().getProperty("keycloak.version", "26.5.6");
    Path codeSource = Path.of(DevCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    // target/samverkan.jar → target/keycloak-<version>; target/classes (IDE) → target/keycloak-<version>
    return codeSource.getParent().resolve("keycloak-" + version);
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(raw.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number (got \"" + raw + "\")");
    }
  }

  private static void requireFree(int port, String variable) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new IOException("Port " + port + " is already in use; stop what uses it or set " + variable);
    }
  }
}
