package se.samverkan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * The Dockerfile's HEALTHCHECK, run as Docker runs it (exec form, the image's environment) against
 * the real server. The eclipse-temurin image is Ubuntu, whose /bin/sh is dash like Debian's here,
 * so a probe that only works in bash shows up as a failure on this machine too.
 */
@ExtendWith(SamverkanExtension.class)
class ContainerHealthcheckTest {

  static List<String> healthcheck() throws IOException {
    String line = Files.readAllLines(Path.of("Dockerfile"), StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith("HEALTHCHECK"))
        .findFirst().orElseThrow(() -> new AssertionError("no HEALTHCHECK in the Dockerfile"));
    String exec = line.substring(line.indexOf(" CMD ") + " CMD ".length()).trim();
    assertTrue(exec.startsWith("["), "the HEALTHCHECK should use the exec form: " + line);
    return new JsonArray(exec).stream().map(String::valueOf).toList();
  }

  static int probe(int port) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(healthcheck()).redirectErrorStream(true);
    pb.environment().put("SAMVERKAN_HTTP_PORT", Integer.toString(port));
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the probe did not finish");
    System.out.println("[healthcheck] exit " + p.exitValue() + " " + output);
    return p.exitValue();
  }

  @Test
  void dockerHealthcheckShouldPassAgainstARunningServer(TestStack stack) throws Exception {
    assertEquals(0, probe(stack.app().port()), "HEALTHCHECK " + healthcheck());
  }

  @Test
  void dockerHealthcheckShouldFailWhenNothingListens() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertNotEquals(0, probe(closed));
  }
}
