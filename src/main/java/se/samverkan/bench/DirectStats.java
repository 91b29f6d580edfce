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
 * What a {@link DirectBenchmark} run counts, from the sender threads and the sockets' event loops
 * at once. Latencies are of measured messages only; failures of every message, warm-up included.
 */
final class DirectStats {

  private final Histogram delivery = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
  private final Histogram accepted = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
  private final LongAdder sends = new LongAdder();
  private final LongAdder deliveries = new LongAdder();
  final LongAdder ownDeviceCopies = new LongAdder();
  final LongAdder openFailures = new LongAdder();
  final LongAdder wrongPlaintexts = new LongAdder();
  final LongAdder errorFrames = new LongAdder();
  final LongAdder closedSockets = new LongAdder();
  final LongAdder failedRequests = new LongAdder();
  private final Map<Integer, LongAdder> refusals = new ConcurrentHashMap<>();

  /** A measured send the server accepted (201, or 200 for a repeated clientId). */
  void accepted(long sentNanos) {
    sends.increment();
    accepted.recordValue(micros(sentNanos));
  }

  void refused(int status) {
    refusals.computeIfAbsent(status, k -> new LongAdder()).increment();
  }

  /** A measured message arrived at a recipient's device and opened there. */
  void delivered(long sentNanos) {
    deliveries.increment();
    delivery.recordValue(micros(sentNanos));
  }

  long sends() {
    return sends.sum();
  }

  long deliveries() {
    return deliveries.sum();
  }

  private static long micros(long sentNanos) {
    return Math.max(0, (System.nanoTime() - sentNanos) / 1000);
  }

  void printResults(PrintStream out, double seconds, long expectedDeliveries, int copiesPerMessage) {
    out.printf(Locale.ROOT, "    sends accepted         : %,d (%,.1f/s), %d sealed copies each%n", sends.sum(),
        sends.sum() / seconds, copiesPerMessage);
    out.printf(Locale.ROOT, "    sends refused          : %d%s%n", refusals.values().stream().mapToLong(LongAdder::sum).sum(),
        refusals.isEmpty() ? "" : " by status " + Report.tally(refusals));
    out.printf(Locale.ROOT, "    deliveries (opened)    : %,d of %,d expected on the recipients' devices%n",
        deliveries.sum(), expectedDeliveries);
    out.printf(Locale.ROOT, "    latency send→delivery  : %s%n", Report.percentiles(delivery));
    out.printf(Locale.ROOT, "    latency send→201       : %s%n", Report.percentiles(accepted));
    out.printf(Locale.ROOT, "    copies to own devices  : %,d (to the sender's other device, counted, not opened)%n", ownDeviceCopies.sum());
    out.printf(Locale.ROOT, "    errors                 : %d open failures, %d wrong plaintexts, %d error frames, "
            + "%d sockets closed, %d failed requests%n", openFailures.sum(), wrongPlaintexts.sum(), errorFrames.sum(),
        closedSockets.sum(), failedRequests.sum());
  }
}
