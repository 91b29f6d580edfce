package se.samverkan.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import se.samverkan.testing.TestStack;

/** Runs a playwright-core test file of the web client against the test stack. */
final class BrowserTests {

  record Result(int exitCode, String output) {
  }

  private BrowserTests() {
  }

  static Result run(TestStack stack, String testFile) throws IOException, InterruptedException {
    Path webClient = Path.of(System.getProperty("samverkan.webclient.dir", "web-client")).toAbsolutePath();
    String chromium = System.getProperty("samverkan.chromium", "/usr/bin/chromium");
    if (!Files.isExecutable(Path.of(chromium))) {
      throw new IllegalStateException("No browser at " + chromium + ": install Debian's chromium (apt-get install -y chromium)");
    }
    if (!Files.isDirectory(webClient.resolve("node_modules/playwright-core"))) {
      throw new IllegalStateException("playwright-core is not installed: run npm ci in " + webClient);
    }
    Path out = Path.of("target/e2e").toAbsolutePath();
    Files.createDirectories(out);
    Path log = out.resolve(Path.of(testFile).getFileName() + ".log");
    ProcessBuilder pb = new ProcessBuilder(List.of("node", "--test", "--test-concurrency=1", testFile))
        .directory(webClient.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("SAMVERKAN_BASE_URL", stack.baseUrl());
    pb.environment().put("SAMVERKAN_CHROMIUM", chromium);
    pb.environment().put("SAMVERKAN_E2E_OUT", out.toString());
    Process process = pb.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new IllegalStateException("browser test " + testFile + " did not finish in 5 minutes");
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
