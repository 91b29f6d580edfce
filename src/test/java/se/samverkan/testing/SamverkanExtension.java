package se.samverkan.testing;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import se.samverkan.Application;
import se.samverkan.config.AppConfig;
import se.samverkan.embedded.EmbeddedStack;
import se.samverkan.embedded.StaleProcesses;

/**
 * Starts the real stack (embedded PostgreSQL, Keycloak from the Maven Central distribution with the
 * dev realm, the server) once per test run and hands it to tests as a {@link TestStack} parameter.
 * Everything listens on random loopback ports; the data directory is fresh for every run.
 */
public final class SamverkanExtension extends OncePerRun<TestStack> {

  public SamverkanExtension() {
    super(TestStack.class, "The test stack", SamverkanExtension::start);
  }

  private static TestStack start() throws Exception {
    Path dir = Path.of(System.getProperty("samverkan.test.dir", "target/test-stack")).toAbsolutePath();
    Path keycloakHome = Path.of(System.getProperty("samverkan.keycloak.home", "target/keycloak-26.5.6"))
        .toAbsolutePath();
    // A killed earlier run may have left its servers behind on this directory.
    StaleProcesses.stopStaleKeycloak(dir.resolve("keycloak/keycloak.pid"), keycloakHome);
    StaleProcesses.stopStalePostgres(dir.resolve("postgres"));
    deleteRecursively(dir);

    int httpPort = freePort();
    TestSmtp smtp = new TestSmtp(freePort());
    AppConfig.Mail mail = new AppConfig.Mail("127.0.0.1", smtp.port(), null, null, "NONE", "samverkan@localhost", null,
        Duration.ofHours(24), Duration.ofSeconds(1));
    EmbeddedStack stack = EmbeddedStack.start(new EmbeddedStack.Settings(
        dir, "127.0.0.1", httpPort, freePort(), 0, keycloakHome,
        Path.of(System.getProperty("java.home")), false, true, Duration.ofMinutes(4), "kronobarnsmodellen", new AppConfig.Limits(20, 60), mail,
        line -> System.out.println("[test-stack] " + line)));
    Vertx vertx = Vertx.vertx();
    try {
      Application app = Application.start(vertx, stack.appConfig()).await(2, TimeUnit.MINUTES);
      return new TestStack(stack, vertx, app, smtp);
    } catch (Exception e) {
      vertx.close().await(30, TimeUnit.SECONDS);
      stack.close();
      smtp.close();
      throw e;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
