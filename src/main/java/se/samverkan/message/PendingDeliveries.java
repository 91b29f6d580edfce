package se.samverkan.message;

import java.util.TreeMap;

/**
 * What a subscription holds back until its turn comes, by sequence number, with its bytes for the
 * connection's bounds. Of two copies of one number the later version is kept (an edit that overtook
 * its message).
 */
final class PendingDeliveries {

  private final TreeMap<Long, Delivery> bySeq = new TreeMap<>();
  private long bytes;

  void hold(Delivery d) {
    Delivery before = bySeq.get(d.seq());
    Delivery kept = before == null ? d : Delivery.newer(before, d);
    bySeq.put(d.seq(), kept);
    bytes += kept.bytes() - (before == null ? 0 : before.bytes());
  }

  /** Takes out the number's delivery, or null when none is held. */
  Delivery take(long seq) {
    Delivery d = bySeq.remove(seq);
    if (d != null) {
      bytes -= d.bytes();
    }
    return d;
  }

  boolean isEmpty() {
    return bySeq.isEmpty();
  }

  long firstSeq() {
    return bySeq.firstKey();
  }

  int size() {
    return bySeq.size();
  }

  long bytes() {
    return bytes;
  }

  void clear() {
    bySeq.clear();
    bytes = 0;
  }
}
