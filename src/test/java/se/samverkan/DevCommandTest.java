package se.samverkan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.config.ConfigException;

/** What {@code dev} checks before it starts anything. */
class DevCommandTest {

  @TempDir
  Path dir;

  private Map<String, String> env(int httpPort, int keycloakPort) {
    return Map.of(
        "SAMVERKAN_DATA_DIR", dir.resolve("data").toString(),
        "SAMVERKAN_HTTP_PORT", Integer.toString(httpPort),
        "SAMVERKAN_KEYCLOAK_PORT", Integer.toString(keycloakPort),
        // Never reached when the checks work; would fail late (after PostgreSQL started) if they did not.
        "SAMVERKAN_KEYCLOAK_HOME", dir.resolve("no-keycloak-here").toString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void devShouldRefuseABusyKeycloakPortBeforeStartingAnything() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      IOException e = assertThrows(IOException.class, () -> DevCommand.run(env(freePort(), busy.getLocalPort()),
          new PrintStream(out, true, StandardCharsets.UTF_8)));
      assertTrue(e.getMessage().contains("Port " + busy.getLocalPort()), e.getMessage());
      assertTrue(e.getMessage().contains("SAMVERKAN_KEYCLOAK_PORT"), e.getMessage());
      assertFalse(Files.exists(dir.resolve("data/postgres")), "PostgreSQL must not have been started");
    }
  }

  @Test
  void devShouldRefuseTheSamePortForTheServerAndKeycloak() throws Exception {
    int port = freePort();
    ConfigException e = assertThrows(ConfigException.class, () -> DevCommand.run(env(port, port),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("SAMVERKAN_HTTP_PORT and SAMVERKAN_KEYCLOAK_PORT must differ"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("data/postgres")), "PostgreSQL must not have been started");
  }
}
