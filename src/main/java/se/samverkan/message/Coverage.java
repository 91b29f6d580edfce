package se.samverkan.message;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;

/**
 * Until when a subscription's access rests on consent, and when it is looked at again: just past the
 * consent's end, and anyway now and then with some jitter (a revocation missed on the event bus).
 * The look itself is the subscription's.
 */
final class Coverage {

  private final Vertx vertx;
  private final Duration every;
  private final Runnable look;
  /** Epoch millis when the consent runs out; nothing is delivered from then on without a fresh decision. */
  private long until = Long.MAX_VALUE;
  private long timer = -1;

  Coverage(Vertx vertx, Duration every, Runnable look) {
    this.vertx = vertx;
    this.every = every;
    this.look = look;
  }

  /** A granted access, covered until its consent runs out (null: no end). */
  void granted(Instant coveredUntil) {
    until = coveredUntil == null ? Long.MAX_VALUE : coveredUntil.toEpochMilli();
    lookAgainIn(nextLook());
  }

  boolean coveredNow() {
    return System.currentTimeMillis() < until;
  }

  /** A look failed on our side while still covered: another one before the coverage runs out. */
  void retrySoon() {
    lookAgainIn(Math.min(30_000, Math.max(1, until - System.currentTimeMillis())));
  }

  void lookAgainIn(long millis) {
    stop();
    timer = vertx.setTimer(millis, t -> {
      timer = -1;
      look.run();
    });
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private long nextLook() {
    long periodic = (long) (every.toMillis() * (0.9 + 0.2 * Math.random()));
    // Just past the end, so that the database (its own clock, same instant) agrees that it has passed.
    long untilEnd = until == Long.MAX_VALUE ? Long.MAX_VALUE : until - System.currentTimeMillis() + 5;
    return Math.max(1, Math.min(periodic, untilEnd));
  }
}
