package se.samverkan.http;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key (a user), in this process. {@link #tryAcquire} never blocks. With several
 * server nodes each node limits on its own, which bounds a user to nodes × rate — good enough to
 * stop a runaway client; a shared limit would need a shared store.
 */
public final class RateLimiter {

  private final double ratePerSecond;
  private final double burst;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.lastNanos = now;
    }
  }

  public RateLimiter(double ratePerSecond, double burst) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
  }

  public boolean tryAcquire(String key) {
    return waitNanos(key) == 0;
  }

  /** Takes a token and returns 0, or takes none and returns how long until one is there. */
  public long waitNanos(String key) {
    long now = System.nanoTime();
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (b) {
      double refill = (now - b.lastNanos) / 1e9 * ratePerSecond;
      b.tokens = Math.min(burst, b.tokens + refill);
      b.lastNanos = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - b.tokens) / ratePerSecond * 1e9));
    }
  }
}
