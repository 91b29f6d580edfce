package se.samverkan.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for a condition instead of for a fixed time: a test is as fast as the server, and a slow
 * machine gets the whole timeout rather than a guess. Polls every {@link #POLL}.
 */
public final class Eventually {

  /** Short enough to add little to a test, long enough not to load a 2-core machine. */
  public static final Duration POLL = Duration.ofMillis(50);

  /** A check that fails by throwing (typically an assertion). */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }

  private Eventually() {
  }

  /** Waits until {@code condition} holds; fails with {@code what} after {@code timeout}. */
  public static void await(Duration timeout, String what, Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Boolean.TRUE.equals(condition.get())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      Thread.sleep(POLL);
    }
  }

  /**
   * Waits until {@code check} runs without throwing; after {@code timeout} its last failure is
   * rethrown, so the message is the assertion's own.
   */
  public static void await(Duration timeout, ThrowingRunnable check) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (Exception | AssertionError failed) {
        if (System.nanoTime() > deadline) {
          throw failed;
        }
      }
      Thread.sleep(POLL);
    }
  }
}
