package se.samverkan.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a hard kill of {@code dev}, PostgreSQL (a session leader of its own, so a process-group kill
 * misses it) or Keycloak may still run and hold the data directory and ports. This finds them by
 * their pid files and stops them, but only a process whose command line proves it is ours: a pid
 * may have been reused by an unrelated program since.
 */
public final class StaleProcesses {

  private static final Logger LOG = LoggerFactory.getLogger(StaleProcesses.class);

  private StaleProcesses() {
  }

  /** Stops a postmaster left running on {@code dataDir} with a fast (consistent) shutdown. */
  public static void stopStalePostgres(Path dataDir) throws IOException, InterruptedException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    Optional<ProcessHandle> process = readPid(pidFile)
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(p -> commandLine(p).contains("postgres") && commandLine(p).contains(dataDir.toAbsolutePath().toString()));
    if (process.isEmpty()) {
      return;
    }
    ProcessHandle postmaster = process.get();
    LOG.warn("A PostgreSQL server from an earlier run still uses {} (pid {}); shutting it down", dataDir, postmaster.pid());
    // SIGINT = "fast" shutdown: rolls back open transactions, writes a checkpoint; nothing committed is lost.
    signal(postmaster, "INT");
    if (!waitForExit(postmaster, Duration.ofSeconds(30))) {
      // SIGQUIT = "immediate": no checkpoint, crash recovery replays the WAL on the next start.
      signal(postmaster, "QUIT");
      if (!waitForExit(postmaster, Duration.ofSeconds(10))) {
        postmaster.destroyForcibly();
        waitForExit(postmaster, Duration.ofSeconds(10));
      }
    }
  }

  /** Stops a Keycloak left running from {@code pidFile}, if it runs from {@code keycloakHome}. */
  public static void stopStaleKeycloak(Path pidFile, Path keycloakHome) throws IOException, InterruptedException {
    Optional<ProcessHandle> process = readPid(pidFile)
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive)
        .filter(p -> commandLine(p).contains(keycloakHome.toAbsolutePath().normalize().toString()));
    if (process.isPresent()) {
      ProcessHandle keycloak = process.get();
      LOG.warn("A Keycloak from an earlier run is still running (pid {}); stopping it", keycloak.pid());
      stopTree(keycloak, Duration.ofSeconds(30));
    }
    Files.deleteIfExists(pidFile);
  }

  /**
   * Stops a process and everything it started: kc.sh runs Keycloak's JVM as a child, and an orphaned
   * child would keep the port and the database connections.
   */
  public static void stopTree(ProcessHandle root, Duration grace) throws InterruptedException {
    List<ProcessHandle> tree = new java.util.ArrayList<>(root.descendants().toList());
    tree.add(0, root);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle p : tree) {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!waitForExit(p, Duration.ofNanos(left))) {
        LOG.warn("Process {} did not stop within {} s; killing it", p.pid(), grace.toSeconds());
        p.destroyForcibly();
        waitForExit(p, Duration.ofSeconds(10));
      }
    }
  }

  static Optional<Long> readPid(Path pidFile) throws IOException {
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static String commandLine(ProcessHandle process) {
    // ProcessHandle.Info truncates on some systems; /proc has the whole command line on Linux.
    Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      if (Files.isReadable(cmdline)) {
        return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
      }
    } catch (IOException e) {
      // fall through to the portable answer
    }
    return process.info().commandLine().orElse("");
  }

  private static void signal(ProcessHandle process, String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start()
        .waitFor(5, TimeUnit.SECONDS);
  }

  static boolean waitForExit(ProcessHandle process, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (process.isAlive()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(100);
    }
    return true;
  }
}
