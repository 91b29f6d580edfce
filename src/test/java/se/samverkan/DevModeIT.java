package se.samverkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import se.samverkan.embedded.StaleProcesses;
import se.samverkan.testing.Http;
import se.samverkan.testing.TestJwts;
import se.samverkan.testing.TestStack;

/**
 * The packaged jar's {@code dev} command, as a newcomer uses it: start, use, Ctrl-C (SIGTERM),
 * start again with the same data, then a hard kill of the whole process group and a recovery.
 */
class DevModeIT {

  private static final Path DATA = Path.of(System.getProperty("samverkan.test.dir", "target/it-stack"))
      .toAbsolutePath().resolve("dev-" + System.currentTimeMillis());
  private static final Path JAR = Path.of(System.getProperty("samverkan.jar", "target/samverkan.jar")).toAbsolutePath();
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
  private static final Path KEYCLOAK_HOME =
      JAR.getParent().resolve("keycloak-" + BuildInfo.properties().getProperty("keycloak.version"));
  private static final Path ABORTED_DATA = DATA.resolveSibling(DATA.getFileName() + "-aborted");

  private static DevProcess current;

  /** One running {@code java -jar samverkan.jar dev}, in its own session and process group. */
  private static final class DevProcess {
    final Process process;
    final List<String> output = new CopyOnWriteArrayList<>();
    final Path data;
    final int httpPort;
    final int keycloakPort;
    final Thread reader;

    DevProcess(int httpPort, int keycloakPort) throws IOException {
      this(DATA, httpPort, keycloakPort);
    }

    DevProcess(Path data, int httpPort, int keycloakPort) throws IOException {
      this.data = data;
      this.httpPort = httpPort;
      this.keycloakPort = keycloakPort;
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder("setsid", java, "-jar", JAR.toString(), "dev")
          .redirectErrorStream(true);
      pb.environment().put("SAMVERKAN_DATA_DIR", data.toString());
      pb.environment().put("SAMVERKAN_HTTP_PORT", Integer.toString(httpPort));
      pb.environment().put("SAMVERKAN_KEYCLOAK_PORT", Integer.toString(keycloakPort));
      process = pb.start();
      reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            output.add(line);
            System.out.println("[dev] " + line);
          }
        } catch (IOException e) {
          // process gone
        }
      }, "dev-output");
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits for an output line that contains {@code text}. */
    void awaitLine(String text) throws InterruptedException {
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (output.stream().noneMatch(l -> l.contains(text))) {
        if (!process.isAlive()) {
          throw new AssertionError("dev exited with " + process.exitValue() + " before \"" + text + "\":\n" + log());
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no \"" + text + "\" within " + START_TIMEOUT + ":\n" + log());
        }
        Thread.sleep(100);
      }
    }

    void awaitReady() throws InterruptedException {
      String ready = "Samverkan is ready at http://localhost:" + httpPort;
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (output.stream().noneMatch(l -> l.equals(ready))) {
        if (!process.isAlive()) {
          throw new AssertionError("dev exited with " + process.exitValue() + ":\n" + String.join("\n", output));
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no ready line within " + START_TIMEOUT + ":\n" + String.join("\n", output));
        }
        Thread.sleep(200);
      }
    }

    /** SIGTERM, as Ctrl-C or a service manager sends it (Process.destroy() would close our end of stdout). */
    void terminate() throws IOException, InterruptedException {
      new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }

    /** Waits for the process to exit and for its last output lines to be read. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
      boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (exited) {
        reader.join(10_000);
      }
      return exited;
    }

    String log() {
      return String.join("\n", output);
    }

    Http http() {
      return new Http("http://localhost:" + httpPort);
    }

    String issuer() {
      return "http://localhost:" + keycloakPort + "/realms/samverkan";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String annaToken(DevProcess dev) {
    Http.Response r = Http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(dev.issuer() + "/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(TestStack.form(java.util.Map.of(
            "grant_type", "password", "client_id", "samverkan-dev-cli",
            "username", "anna.bvc", "password", "samverkan"))))
        .build());
    assertEquals(200, r.status(), r.toString());
    return r.json().getString("access_token");
  }

  private static Connection database() throws Exception {
    List<String> pidFile = Files.readAllLines(DATA.resolve("postgres/postmaster.pid"));
    int port = Integer.parseInt(pidFile.get(3).trim());
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/samverkan", "postgres", "");
  }

  private static void insertMarker(String username) throws Exception {
    try (Connection c = database();
         PreparedStatement ps = c.prepareStatement("INSERT INTO known_user (subject, username) VALUES (?, ?)")) {
      ps.setObject(1, UUID.randomUUID());
      ps.setString(2, username);
      assertEquals(1, ps.executeUpdate());
    }
  }

  private static boolean markerExists(String username) throws Exception {
    try (Connection c = database();
         PreparedStatement ps = c.prepareStatement("SELECT 1 FROM known_user WHERE username = ?")) {
      ps.setString(1, username);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * The processes a dev run leaves if it does not stop cleanly: PostgreSQL names the data directory
   * on its command line; Keycloak (kc.sh and its JVM) names only the Keycloak home, shared with
   * other runs, and this run's port.
   */
  private static List<String> processesOf(DevProcess dev) {
    String data = dev.data.toString();
    String home = KEYCLOAK_HOME.toString();
    String port = "--http-port=" + dev.keycloakPort;
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .map(p -> p.pid() + " " + commandLine(p))
        .filter(line -> line.contains(data) || line.contains(home) && line.contains(port))
        .toList();
  }

  private static String commandLine(ProcessHandle p) {
    String proc = cmdline(p);
    return proc.isEmpty() ? p.info().commandLine().orElse("") : proc;
  }

  private static String cmdline(ProcessHandle p) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void devShouldStartRestartWithItsDataAndRecoverFromAHardKill() throws Exception {
    assertTrue(Files.isRegularFile(JAR), "package the jar first: " + JAR);
    int httpPort = freePort();
    int keycloakPort = freePort();

    // 1. First start: the ready line, the API behind Keycloak tokens.
    current = new DevProcess(httpPort, keycloakPort);
    current.awaitReady();
    assertTrue(current.log().contains("anna.bvc"), "dev logins are printed");
    Http.Response anonymous = current.http().get("/api/me");
    assertEquals(401, anonymous.status());
    assertEquals("application/problem+json", anonymous.header("Content-Type"));
    String token = annaToken(current);
    Http.Response me = current.http().get("/api/me", token);
    assertEquals(200, me.status(), me.toString());
    assertEquals("region-kronoberg", me.json().getJsonObject("organisation").getString("alias"));
    String subject = TestJwts.claims(token).getString("sub");
    String kid = TestJwts.header(token).getString("kid");
    insertMarker("before-restart");

    // 2. Ctrl-C / SIGTERM stops all three cleanly.
    current.terminate();
    assertTrue(current.awaitExit(Duration.ofSeconds(90)), "dev did not stop on SIGTERM:\n" + current.log());
    assertTrue(current.log().contains("Stopped."), current.log());
    assertFalse(Files.exists(DATA.resolve("postgres/postmaster.pid")), "PostgreSQL still running after SIGTERM");
    assertFalse(Files.exists(DATA.resolve("keycloak/keycloak.pid")), "Keycloak still running after SIGTERM");
    assertEquals(List.of(), processesOf(current), "processes left behind");

    // 3. A second start reuses the data: same database rows, same Keycloak user ids and keys.
    current = new DevProcess(httpPort, keycloakPort);
    current.awaitReady();
    assertTrue(markerExists("before-restart"), "database contents lost on restart");
    String again = annaToken(current);
    assertEquals(subject, TestJwts.claims(again).getString("sub"), "Keycloak user id changed on restart");
    assertEquals(kid, TestJwts.header(again).getString("kid"), "Keycloak signing key changed on restart");
    assertEquals(200, current.http().get("/api/me", again).status());
    insertMarker("before-hard-kill");

    // 4. SIGKILL of the whole process group: PostgreSQL (its own session) survives as an orphan.
    long pgid = current.process.pid();
    new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    assertTrue(current.awaitExit(Duration.ofSeconds(30)));

    // 5. The next start cleans up what the killed run left and loses nothing committed.
    current = new DevProcess(httpPort, keycloakPort);
    current.awaitReady();
    assertTrue(markerExists("before-restart") && markerExists("before-hard-kill"), "data lost after a hard kill");
    Http.Response afterKill = current.http().get("/api/me", annaToken(current));
    assertEquals(200, afterKill.status(), afterKill.toString());
    assertTrue(current.log().contains("A PostgreSQL server from an earlier run still uses"),
        "the orphaned PostgreSQL should have been found and stopped:\n" + current.log());

    current.terminate();
    assertTrue(current.awaitExit(Duration.ofSeconds(90)), current.log());
    current = null;
  }

  @Test
  void sigtermWhileKeycloakStartsShouldStopWhatHasStartedSoFar() throws Exception {
    assertTrue(Files.isRegularFile(JAR), "package the jar first: " + JAR);
    aborted = new DevProcess(ABORTED_DATA, freePort(), freePort());
    // PostgreSQL is up and Keycloak is booting (a first start on a fresh data dir takes well over 5 s).
    aborted.awaitLine("waiting for Keycloak");
    assertTrue(Files.exists(ABORTED_DATA.resolve("postgres/postmaster.pid")), "PostgreSQL should be running");
    assertTrue(Files.exists(ABORTED_DATA.resolve("keycloak/keycloak.pid")), "Keycloak should be starting");
    assertTrue(processesOf(aborted).stream().anyMatch(p -> p.contains(KEYCLOAK_HOME.toString())),
        "the helper must see this run's Keycloak: " + processesOf(aborted));

    aborted.terminate();
    assertTrue(aborted.awaitExit(Duration.ofSeconds(90)), "dev did not stop on SIGTERM during the start:\n" + aborted.log());
    assertEquals(List.of(), processesOf(aborted), "processes left behind");
    assertFalse(Files.exists(ABORTED_DATA.resolve("postgres/postmaster.pid")), "PostgreSQL still running:\n" + aborted.log());
    assertFalse(Files.exists(ABORTED_DATA.resolve("keycloak/keycloak.pid")), "Keycloak still running:\n" + aborted.log());
    assertTrue(aborted.log().contains("Stopped."), aborted.log());
    assertFalse(aborted.log().contains("Samverkan is ready"), aborted.log());
    aborted = null;
  }

  private static DevProcess aborted;

  @AfterAll
  static void stopWhateverIsLeft() throws Exception {
    for (DevProcess dev : new DevProcess[] {current, aborted}) {
      if (dev != null && dev.process.isAlive()) {
        dev.process.destroy();
        dev.process.waitFor(60, TimeUnit.SECONDS);
      }
    }
    for (Path data : List.of(DATA, ABORTED_DATA)) {
      StaleProcesses.stopStaleKeycloak(data.resolve("keycloak/keycloak.pid"), KEYCLOAK_HOME);
      StaleProcesses.stopStalePostgres(data.resolve("postgres"));
    }
    assertNotNull(DATA);
  }
}
