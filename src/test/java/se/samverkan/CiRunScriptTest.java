package se.samverkan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The machine checks of {@code .ci/run}, sourced (sourcing runs nothing) and called as CI calls them. */
class CiRunScriptTest {

  private static int bash(String script) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", "source .ci/run && " + script).inheritIO().start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bash did not finish: " + script);
    }
    return p.exitValue();
  }

  @Test
  void nodeCheckShouldAcceptExactlyTheVersionsTheWebClientDeclares() throws Exception {
    // node_version_ok encodes this range; when package.json changes, .ci/run must change with it.
    JsonObject pkg = new JsonObject(Files.readString(Path.of("web-client/package.json"), StandardCharsets.UTF_8));
    assertEquals("^20.19.0 || >=22.12.0", pkg.getJsonObject("engines").getString("node"));
    for (String accepted : new String[] {"v20.19.0", "v20.20.2", "v22.12.0", "v23.1.0", "v24.0.0"}) {
      assertEquals(0, bash("node_version_ok " + accepted), accepted + " should be accepted");
    }
    for (String refused : new String[] {"v18.20.4", "v20.18.3", "v21.7.3", "v22.11.0", "not-a-version"}) {
      assertEquals(1, bash("node_version_ok " + refused), refused + " should be refused");
    }
  }
}
