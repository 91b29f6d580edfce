package se.samverkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code serve} uses only what is configured, and says everything that is missing. */
class ServeModeIT {

  @Test
  void serveShouldRefuseToStartWithoutDatabaseIssuerSecretMasterKeyOrSmtp() throws Exception {
    Path jar = Path.of(System.getProperty("samverkan.jar", "target/samverkan.jar")).toAbsolutePath();
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "serve").redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("SAMVERKAN_"));
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue(), output);
    for (String variable : new String[] {"SAMVERKAN_DB_HOST", "SAMVERKAN_DB_USER", "SAMVERKAN_DB_PASSWORD",
        "SAMVERKAN_OIDC_ISSUER", "SAMVERKAN_KEYCLOAK_CLIENT_SECRET", "SAMVERKAN_MASTER_KEY_FILE",
        "SAMVERKAN_SMTP_HOST"}) {
      assertTrue(output.contains(variable), variable + " not named in:\n" + output);
    }
    assertTrue(!output.contains("Exception"), "a configuration error is not a crash:\n" + output);
  }
}
