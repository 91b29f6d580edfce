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
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import se.samverkan.Application;
import se.samverkan.config.AppConfig;
import se.samverkan.embedded.EmbeddedStack;
import se.samverkan.embedded.StaleProcesses;

/**
 * Starts the real stack (embedded PostgreSQL, Keycloak from the Maven Central distribution with the
 * dev realm, the server) once per test run and hands it to tests as a {@link TestStack} parameter.
 * Everything listens on random loopback ports; the data directory is fresh for every run.
 */
public final class SamverkanExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SamverkanExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == TestStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension)
      throws ParameterResolutionException {
    Started started = extension.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(Started.class, k -> Started.attempt(), Started.class);
    if (started.failure() != null) {
      // Remembered, so that one broken start does not cost every test class another Keycloak boot.
      throw new ParameterResolutionException("The test stack did not start: " + started.failure().getMessage(),
          started.failure());
    }
    return started.stack();
  }

  /** The outcome of the one start attempt per run; closed by JUnit when the run ends. */
  record Started(TestStack stack, Exception failure) implements AutoCloseable {
    static Started attempt() {
      try {
        return new Started(start(), null);
      } catch (Exception e) {
        return new Started(null, e);
      }
    }

    @Override
    public void close() throws Exception {
      if (stack != null) {
        stack.close();
      }
    }
  }

  private static TestStack start() throws Exception {
    try {
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
    } finally {
      System.out.flush();
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
