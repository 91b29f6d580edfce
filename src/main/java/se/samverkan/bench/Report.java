package se.samverkan.bench;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/** The printed lines both benchmarks share: the server's heap, latency percentiles, tallies. */
final class Report {

  private static final long MIB = 1024 * 1024;

  private Report() {
  }

  static void printHeap(PrintStream out, JsonObject status) {
    if (status.containsKey(DevServer.STATUS_UNAVAILABLE)) {
      out.printf("    server heap            : not available (%s)%n", status.getString(DevServer.STATUS_UNAVAILABLE));
      return;
    }
    out.printf(Locale.ROOT, "    server heap            : used %d MiB, live after last GC %d MiB, max %d MiB; %d WebSocket connections%n",
        status.getLong("heapUsedBytes", 0L) / MIB, status.getLong("heapUsedAfterLastGcBytes", 0L) / MIB,
        status.getLong("heapMaxBytes", 0L) / MIB, status.getInteger("webSocketConnections", 0));
  }

  static String percentiles(Histogram h) {
    if (h.getTotalCount() == 0) {
      return "no samples";
    }
    return String.format(Locale.ROOT, "p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms  (%,d samples)",
        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0, h.getTotalCount());
  }

  /** "(k: n, k: n)", or nothing when there is nothing to count. */
  static String tally(Map<?, LongAdder> counts) {
    if (counts.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("(");
    counts.forEach((k, n) -> b.append(b.length() > 1 ? ", " : "").append(k).append(": ").append(n.sum()));
    return b.append(")").toString();
  }
}
