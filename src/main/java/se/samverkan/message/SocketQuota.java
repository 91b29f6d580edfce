package se.samverkan.message;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import se.samverkan.config.AppConfig;
import se.samverkan.http.RateLimiter;

/**
 * The gateway's bounds that hold across event loops, shared by every verticle's gateway
 * (thread-safe): sockets not yet authenticated, per remote address and in total; authenticated
 * sockets per user; frames per user over all of the user's sockets. A socket takes its place when it
 * opens or authenticates and gives it back when it closes, so the counts are of open sockets.
 */
public final class SocketQuota {

  /** Whether a socket that has not authenticated yet may stay. */
  enum Admission { ADMITTED, TOO_MANY_FROM_ADDRESS, TOO_MANY_IN_TOTAL }

  private final AppConfig.WebSockets bounds;
  private final AtomicInteger unauthenticated = new AtomicInteger();
  private final Counts perAddress = new Counts();
  private final Counts perUser = new Counts();
  private final RateLimiter frames;

  public SocketQuota(AppConfig.WebSockets bounds) {
    this.bounds = bounds;
    this.frames = new RateLimiter(bounds.framesPerSecond(), bounds.frameBurst());
  }

  AppConfig.WebSockets bounds() {
    return bounds;
  }

  Admission admitUnauthenticated(String address) {
    if (unauthenticated.incrementAndGet() > bounds.unauthenticatedTotal()) {
      unauthenticated.decrementAndGet();
      return Admission.TOO_MANY_IN_TOTAL;
    }
    if (!perAddress.take(address, bounds.unauthenticatedPerAddress())) {
      unauthenticated.decrementAndGet();
      return Admission.TOO_MANY_FROM_ADDRESS;
    }
    return Admission.ADMITTED;
  }

  /** The socket admitted for {@code address} authenticated or closed. */
  void releaseUnauthenticated(String address) {
    perAddress.give(address);
    unauthenticated.decrementAndGet();
  }

  /** Whether the user may hold one more authenticated socket; if so it is counted. */
  boolean admitUser(String subject) {
    return perUser.take(subject, bounds.socketsPerUser());
  }

  void releaseUser(String subject) {
    perUser.give(subject);
  }

  /** One frame of the user's; false when the user's frame rate is spent. */
  boolean frame(String subject) {
    return frames.tryAcquire(subject);
  }

  /** Counts per key, an entry only while its count is above zero (so the map stays as small as what is open). */
  private static final class Counts {
    private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

    boolean take(String key, int cap) {
      boolean[] taken = {false};
      counts.compute(key, (k, n) -> {
        int held = n == null ? 0 : n;
        if (held >= cap) {
          return n;
        }
        taken[0] = true;
        return held + 1;
      });
      return taken[0];
    }

    void give(String key) {
      counts.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }
  }
}
