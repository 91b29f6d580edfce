package se.samverkan.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bouncy Castle's HPKE (DirectHpke) and npm {@code @hpke/core} 1.9.0 (the web client's) interoperate
 * both ways with the contract's suite, info and aad: src/test/node/hpke-interop.mjs, run with the
 * {@code node} on PATH and the web client's node_modules ({@code cd web-client && npm ci}).
 */
class DirectHpkeInteropTest {

  private static final Path SCRIPT = Path.of("src/test/node/hpke-interop.mjs").toAbsolutePath();
  private static final Path HPKE_CORE = Path.of("web-client/node_modules/@hpke/core/package.json").toAbsolutePath();
  private static final Duration LIMIT = Duration.ofSeconds(30);
  /** Non-ASCII and JSON on purpose: the plaintext of a direct message is a UTF-8 JSON object. */
  private static final String PLAINTEXT = "{\"text\":\"Hej Erik! Mötet om Alva flyttas till tisdag kl. 13 – går det bra?\"}";

  @TempDir
  Path temp;

  @Test
  void aCopySealedByHpkeCoreShouldOpenInJava() throws Exception {
    DirectHpke.KeyPair device = DirectHpke.generateKeyPair();
    String aad = aadText();

    JsonObject sealed;
    try (Node node = new Node("seal")) {
      node.send(new JsonObject().put("publicKey", device.publicKeyBase64url()).put("aad", aad).put("plaintext", PLAINTEXT));
      sealed = node.receive();
      node.expectExit(0);
    }
    byte[] opened = DirectHpke.open(device, DirectHpke.fromBase64url(sealed.getString("enc")),
        aad.getBytes(StandardCharsets.UTF_8), DirectHpke.fromBase64url(sealed.getString("ciphertext")));

    assertEquals(PLAINTEXT, new String(opened, StandardCharsets.UTF_8));
  }

  @Test
  void aCopySealedInJavaShouldOpenInHpkeCore() throws Exception {
    String aad = aadText();
    try (Node node = new Node("open")) {
      byte[] publicKey = DirectHpke.fromBase64url(node.receive().getString("publicKey"));
      DirectHpke.Sealed sealed = DirectHpke.seal(publicKey, aad.getBytes(StandardCharsets.UTF_8),
          PLAINTEXT.getBytes(StandardCharsets.UTF_8));
      node.send(new JsonObject().put("enc", sealed.encBase64url()).put("ciphertext", sealed.ciphertextBase64url())
          .put("aad", aad));

      assertEquals(PLAINTEXT, node.receive().getString("plaintext"));
      node.expectExit(0);
    }
  }

  @Test
  void hpkeCoreShouldRefuseAJavaCopyUnderAnotherAad() throws Exception {
    String conversation = UUID.randomUUID().toString();
    String device = UUID.randomUUID().toString();
    try (Node node = new Node("open")) {
      byte[] publicKey = DirectHpke.fromBase64url(node.receive().getString("publicKey"));
      DirectHpke.Sealed sealed = DirectHpke.seal(publicKey, DirectHpke.aad(conversation, "c-1", device),
          PLAINTEXT.getBytes(StandardCharsets.UTF_8));
      node.send(new JsonObject().put("enc", sealed.encBase64url()).put("ciphertext", sealed.ciphertextBase64url())
          .put("aad", conversation + "|c-2|" + device));

      node.expectExit(1);
      assertTrue(node.stderr().contains("OpenError"), "@hpke/core should fail to open: " + node.stderr());
    }
  }

  @Test
  void javaShouldRefuseAnHpkeCoreCopyUnderAnotherAad() throws Exception {
    DirectHpke.KeyPair device = DirectHpke.generateKeyPair();
    JsonObject sealed;
    try (Node node = new Node("seal")) {
      node.send(new JsonObject().put("publicKey", device.publicKeyBase64url()).put("aad", aadText()).put("plaintext", PLAINTEXT));
      sealed = node.receive();
      node.expectExit(0);
    }
    byte[] enc = DirectHpke.fromBase64url(sealed.getString("enc"));
    byte[] ciphertext = DirectHpke.fromBase64url(sealed.getString("ciphertext"));

    DirectHpke.HpkeException e = assertThrows(DirectHpke.HpkeException.class,
        () -> DirectHpke.open(device, enc, DirectHpke.aad(UUID.randomUUID().toString(), "c-1", "x"), ciphertext));
    assertEquals(DirectHpke.FailureReason.AUTHENTICATION_FAILED, e.reason());
  }

  private static String aadText() {
    return UUID.randomUUID() + "|" + UUID.randomUUID() + "|" + UUID.randomUUID();
  }

  /** The node on PATH (the CI's is Node >= 20.19); the test fails, not skips, without one. */
  private static Path nodeExecutable() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(java.io.File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, "node"))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no `node` on PATH (" + path + "); the interop test needs Node >= 20.19"));
  }

  /** One run of the script: JSON lines in and out, all of it within {@link #LIMIT}, killed when done. */
  private final class Node implements AutoCloseable {
    /** Put after the last line of stdout, so that a receive after the end fails at once. */
    private static final String END = "\u0000end";
    private final Process process;
    private final Writer stdin;
    private final Path stderr;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final long deadline = System.nanoTime() + LIMIT.toNanos();

    Node(String command) throws IOException {
      assertTrue(Files.exists(HPKE_CORE), "no @hpke/core at " + HPKE_CORE + ": run `cd web-client && npm ci`");
      stderr = Files.createTempFile(temp, "node-", ".stderr");
      process = new ProcessBuilder(nodeExecutable().toString(), SCRIPT.toString(), command)
          .redirectError(stderr.toFile())
          .start();
      stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread reader = new Thread(this::readStdout, "hpke-interop-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    private void readStdout() {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          stdout.add(line);
        }
      } catch (IOException e) {
        // The process ended or was killed: receive() reports the missing line with its stderr.
      } finally {
        stdout.add(END);
      }
    }

    void send(JsonObject line) throws IOException {
      stdin.write(line.encode() + "\n");
      stdin.flush();
    }

    JsonObject receive() throws Exception {
      String line = stdout.poll(remainingNanos(), TimeUnit.NANOSECONDS);
      if (line == null || line.equals(END)) {
        process.waitFor(remainingNanos(), TimeUnit.NANOSECONDS);
        fail((line == null ? "no line from hpke-interop.mjs within " + LIMIT.toSeconds() + " s" : "hpke-interop.mjs ended")
            + "; stderr: " + stderr());
      }
      return new JsonObject(line);
    }

    void expectExit(int code) throws Exception {
      if (!process.waitFor(remainingNanos(), TimeUnit.NANOSECONDS)) {
        fail("hpke-interop.mjs did not exit within " + LIMIT.toSeconds() + " s; stderr: " + stderr());
      }
      assertEquals(code, process.exitValue(), "exit code of hpke-interop.mjs; stderr: " + stderr());
    }

    String stderr() throws IOException {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    private long remainingNanos() {
      return Math.max(0, deadline - System.nanoTime());
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }
}
