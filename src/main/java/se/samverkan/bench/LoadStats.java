package se.samverkan.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What a {@link LoadBenchmark} run counts, from every client's event loop at once, and how it is
 * printed. Latencies are only recorded while {@link #measuring}, failures always: a run where
 * clients never got in must not look like a clean one.
 */
final class LoadStats {

  private final Histogram delivery = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
  private final Histogram ack = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
  private final LongAdder acks = new LongAdder();
  private final LongAdder deliveries = new LongAdder();
  final LongAdder errorFrames = new LongAdder();
  final LongAdder closedSockets = new LongAdder();
  final LongAdder sendFailures = new LongAdder();
  final LongAdder connectFailures = new LongAdder();
  final LongAdder reauths = new LongAdder();
  private final Map<String, LongAdder> failureReasons = new ConcurrentHashMap<>();
  private final Map<Integer, LongAdder> closeCodes = new ConcurrentHashMap<>();
  volatile boolean measuring;

  /** A message of another client arrived; {@code sentNanos} is the sender's clock (same machine). */
  void delivered(long sentNanos) {
    if (measuring) {
      deliveries.increment();
      delivery.recordValue(Math.max(0, (System.nanoTime() - sentNanos) / 1000));
    }
  }

  void acknowledged(long sentNanos) {
    if (measuring) {
      acks.increment();
      ack.recordValue(Math.max(0, (System.nanoTime() - sentNanos) / 1000));
    }
  }

  void failure(String reason) {
    failureReasons.computeIfAbsent(reason, k -> new LongAdder()).increment();
  }

  /** A socket the server closed (or lost) before the run ended; -1 when it gave no code. */
  void closedByServer(Short code) {
    closedSockets.increment();
    closeCodes.computeIfAbsent(code == null ? -1 : (int) code, k -> new LongAdder()).increment();
  }

  void printConnectFailures(PrintStream out) {
    if (connectFailures.sum() > 0) {
      out.printf("  connect failures: %d %s%n", connectFailures.sum(), Report.tally(failureReasons));
    }
  }

  void printResults(PrintStream out, int warmupSeconds, double seconds) {
    out.printf("  results (%d s warm-up, %.1f s measured):%n", warmupSeconds, seconds);
    out.printf(Locale.ROOT, "    sends acknowledged     : %,d (%,.1f/s)%n", acks.sum(), acks.sum() / seconds);
    out.printf(Locale.ROOT, "    deliveries             : %,d (%,.1f/s)%n", deliveries.sum(), deliveries.sum() / seconds);
    out.printf(Locale.ROOT, "    latency send→delivery  : %s%n", Report.percentiles(delivery));
    out.printf(Locale.ROOT, "    latency send→ack       : %s%n", Report.percentiles(ack));
    printErrors(out);
  }

  void printErrors(PrintStream out) {
    out.printf(Locale.ROOT, "    errors                 : %d failed connects, %d error frames (%d refused sends), %d sockets closed %s%n",
        connectFailures.sum(), errorFrames.sum(), sendFailures.sum(), closedSockets.sum(), Report.tally(closeCodes));
    out.printf(Locale.ROOT, "    token renewals         : %d acknowledged re-auths%n", reauths.sum());
  }
}
