package se.samverkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is safe to start on a machine in a network (there is no Docker engine here, so
 * the file is read, as `.ci/run` validates it with `docker-compose config`): nothing is published
 * beyond loopback, nothing has a default password, and the dev users come only when asked for.
 */
class ComposeFileTest {

  private static final Path COMPOSE = Path.of("docker-compose.yml");

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> services() throws Exception {
    Map<String, Object> compose = new org.yaml.snakeyaml.Yaml().load(Files.readString(COMPOSE));
    return (Map<String, Map<String, Object>>) compose.get("services");
  }

  @Test
  void composeStackShouldPublishPortsOnLoopbackOnly() throws Exception {
    int published = 0;
    for (var service : services().entrySet()) {
      for (Object port : (List<?>) service.getValue().getOrDefault("ports", List.of())) {
        published++;
        assertTrue(String.valueOf(port).startsWith("127.0.0.1:"), service.getKey() + " publishes " + port);
      }
    }
    assertTrue(published >= 3, "expected the server, Keycloak and Mailpit's web UI to be published");
  }

  @Test
  void composeStackShouldHaveNoDefaultPasswordsAndDevUsersOnlyOnRequest() throws Exception {
    String text = Files.readString(COMPOSE);
    assertFalse(Pattern.compile("(?i)\\$\\{[A-Z_]*(PASSWORD|SECRET)[A-Z_]*:-").matcher(text).find(),
        "a password variable has a default");
    Map<String, Map<String, Object>> services = services();
    for (var service : services.entrySet()) {
      if (service.getValue().get("environment") instanceof Map<?, ?> env) {
        env.forEach((name, value) -> {
          if (String.valueOf(name).matches(".*(PASSWORD|SECRET)$")) {
            throw new AssertionError(service.getKey() + " sets " + name + " in the file; use a generated *_FILE");
          }
        });
      }
    }
    Map<?, ?> setup = (Map<?, ?>) services.get("keycloak-setup").get("environment");
    assertEquals("${SAMVERKAN_DEMO_USERS:-false}", setup.get("SAMVERKAN_SEED_DEV_USERS"));
    assertFalse(String.valueOf(services.get("keycloak").get("command")).contains("start-dev"),
        "Keycloak's development mode is not for a stack on a network");
  }
}
