package se.samverkan.web;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import se.samverkan.testing.Mails;
import se.samverkan.testing.TestStack;

/** Runs a playwright-core test file of the web client against the test stack. */
final class BrowserTests {

  record Result(int exitCode, String output) {
  }

  private BrowserTests() {
  }

  static Result run(TestStack stack, String testFile) throws IOException, InterruptedException {
    return run(stack, testFile, Map.of());
  }

  /** As {@link #run(TestStack, String)}, with extra environment variables for the test file (e.g. a throwaway user). */
  static Result run(TestStack stack, String testFile, Map<String, String> env) throws IOException, InterruptedException {
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
    pb.environment().putAll(env);
    HttpServer mailbox = mailbox(stack);
    try {
      pb.environment().put("SAMVERKAN_MAILBOX_URL", "http://127.0.0.1:" + mailbox.getAddress().getPort() + "/");
      Process process = pb.start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IllegalStateException("browser test " + testFile + " did not finish in 5 minutes");
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      mailbox.stop(0);
    }
  }

  /**
   * What the test SMTP server received, for browser tests that follow a link in a mail:
   * {@code {"messages":[{"to","subject","text"}]}} with the plain-text part.
   */
  private static HttpServer mailbox(TestStack stack) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      JsonArray messages = new JsonArray();
      for (Mails mail : stack.smtp().received().stream().map(Mails::of).toList()) {
        messages.add(new JsonObject().put("to", mail.to()).put("subject", mail.subject()).put("text", mail.text()));
      }
      byte[] body = new JsonObject().put("messages", messages).encode().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (var os = exchange.getResponseBody()) {
        os.write(body);
      }
    });
    server.start();
    return server;
  }
}
