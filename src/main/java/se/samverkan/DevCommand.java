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
import se.samverkan.embedded.StartAborted;
import se.samverkan.embedded.StaleProcesses;

/**
 * {@code dev}: PostgreSQL, Keycloak and the server in one process tree on one data directory.
 * SIGTERM/Ctrl-C stops all three in order (server, Keycloak, PostgreSQL), also during the start,
 * which then stops what it has started so far; a later start reuses the data and cleans up after a
 * hard kill.
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
    AppConfig.Limits limits = limits(env);
    String careModel = careModel(env);
    AppConfig.Mail mail = mail(env, dataDir);
    if (httpPort == keycloakPort) {
      throw new ConfigException(List.of(HTTP_PORT + " and " + KEYCLOAK_PORT + " must differ (both are " + httpPort + ")"));
    }

    FileLock lock = lockDataDir(dataDir);
    FileChannel lockChannel = lock.channel();
    // From here on a SIGTERM must stop whatever has started, also while Keycloak is still booting.
    Lifecycle lifecycle = new Lifecycle(dataDir, keycloakHome, lock, lockChannel, out);
    Thread hook = new Thread(lifecycle::shutdown, "samverkan-dev-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    EmbeddedStack stack = null;
    Vertx vertx = null;
    Application app = null;
    try {
      requireFree(httpPort, HTTP_PORT, "the Samverkan server");
      // A Keycloak orphaned by a hard kill of an earlier run holds the port: stop it before checking.
      StaleProcesses.stopStaleKeycloak(EmbeddedStack.keycloakPidFile(dataDir), keycloakHome);
      requireFree(keycloakPort, KEYCLOAK_PORT, "Keycloak");
      out.println("Samverkan dev: data in " + dataDir);
      stack = EmbeddedStack.start(new EmbeddedStack.Settings(
          dataDir, "127.0.0.1", httpPort, keycloakPort, postgresPort, keycloakHome,
          Path.of(System.getProperty("java.home")), true, false, Duration.ofMinutes(5), careModel, limits, mail,
          out::println), lifecycle::abortRequested);
      vertx = Vertx.vertx();
      out.println("Starting the Samverkan server on port " + httpPort);
      app = Application.start(vertx, stack.appConfig()).await(5, TimeUnit.MINUTES);
      if (!lifecycle.running(app, vertx, stack)) {
        throw new StartAborted("while the server started");
      }
    } catch (Exception e) {
      stopQuietly(app, vertx, stack);
      return unwindFailedStart(e, lifecycle, hook);
    }
    lifecycle.startSettled();

    out.println("Samverkan is ready at http://localhost:" + app.port());
    printLogins(out, stack, dataDir, Duration.between(started, Instant.now()));
    lifecycle.awaitStopped();
    return 0;
  }

  /** One `samverkan dev` per data directory: the lock is held until the process stops. */
  private static FileLock lockDataDir(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    FileChannel lockChannel = FileChannel.open(dataDir.resolve("dev.lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock = lockChannel.tryLock();
    if (lock == null) {
      lockChannel.close();
      throw new IllegalStateException("Another `samverkan dev` is already running on " + dataDir);
    }
    return lock;
  }

  /** After a failed or aborted start (what started is stopped): 0 for an abort, else the failure again. */
  private static int unwindFailedStart(Exception e, Lifecycle lifecycle, Thread hook) throws Exception {
    if (lifecycle.abortRequested()) {
      // The hook is waiting for this: it finishes the stop (leftovers, lock) and prints "Stopped.".
      lifecycle.startSettled();
      return 0;
    }
    lifecycle.startSettled();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway and only releases the lock
    }
    lifecycle.releaseLock();
    throw e;
  }

  /**
   * What the shutdown hook stops. Before the start has finished it asks the start to abort (the start
   * polls {@link #abortRequested()} and stops what it started on its way out) and waits for it; then,
   * either way, it stops any PostgreSQL or Keycloak still running on the data directory by their pid
   * files, in case the start could not unwind in time.
   */
  private static final class Lifecycle {

    private static final Duration START_UNWIND_TIMEOUT = Duration.ofMinutes(2);

    private final Path dataDir;
    private final Path keycloakHome;
    private final FileLock lock;
    private final FileChannel lockChannel;
    private final PrintStream out;
    private final CountDownLatch settled = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean abort;
    private Application app;
    private Vertx vertx;
    private EmbeddedStack stack;

    Lifecycle(Path dataDir, Path keycloakHome, FileLock lock, FileChannel lockChannel, PrintStream out) {
      this.dataDir = dataDir;
      this.keycloakHome = keycloakHome;
      this.lock = lock;
      this.lockChannel = lockChannel;
      this.out = out;
    }

    boolean abortRequested() {
      return abort;
    }

    /** Hands the started parts to the hook; false if a SIGTERM came first (the start must unwind). */
    synchronized boolean running(Application app, Vertx vertx, EmbeddedStack stack) {
      if (abort) {
        return false;
      }
      this.app = app;
      this.vertx = vertx;
      this.stack = stack;
      return true;
    }

    void startSettled() {
      settled.countDown();
    }

    void awaitStopped() throws InterruptedException {
      stopped.await();
    }

    void shutdown() {
      boolean wasRunning;
      synchronized (this) {
        abort = true;
        wasRunning = app != null;
      }
      try {
        if (wasRunning) {
          // In order: nothing may talk to PostgreSQL after it stops.
          out.println("Stopping Samverkan …");
          stopQuietly(app, vertx, stack);
        } else {
          out.println("Stopping: the start is aborted, stopping what has started so far …");
          if (!settled.await(START_UNWIND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            System.err.println("The start did not unwind within " + START_UNWIND_TIMEOUT.toSeconds()
                + " s; stopping PostgreSQL and Keycloak by their pid files");
          }
        }
        StaleProcesses.stopStaleKeycloak(EmbeddedStack.keycloakPidFile(dataDir), keycloakHome);
        StaleProcesses.stopStalePostgres(EmbeddedStack.postgresDir(dataDir));
        releaseLock();
        out.println("Stopped.");
      } catch (Exception e) {
        System.err.println("Keycloak/PostgreSQL did not stop cleanly: " + e.getMessage());
      } finally {
        stopped.countDown();
      }
    }

    void releaseLock() {
      try {
        lock.release();
        lockChannel.close();
      } catch (IOException e) {
        // the lock goes with the process anyway
      }
    }
  }

  /** Stops the server, its Vert.x and the embedded stack, each if started; reports, never throws. */
  private static void stopQuietly(Application app, Vertx vertx, EmbeddedStack stack) {
    try {
      if (app != null) {
        app.close().await(30, TimeUnit.SECONDS);
      }
      if (vertx != null) {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      System.err.println("Server did not stop cleanly: " + e.getMessage());
    }
    try {
      if (stack != null) {
        stack.close();
      }
    } catch (Exception e) {
      System.err.println("Keycloak/PostgreSQL did not stop cleanly: " + e.getMessage());
    }
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
    List<String> problems = new ArrayList<>();
    String model = se.samverkan.config.EnvConfigLoader.careModel(env, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return model;
  }

  private static Path defaultKeycloakHome() throws URISyntaxException {
    String version = BuildInfo.properties().getProperty("keycloak.version", "26.5.6");
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

  private static void requireFree(int port, String variable, String what) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new IOException("Port " + port + " for " + what + " is already in use; stop what uses it or set "
          + variable + " to a free port");
    }
  }
}
