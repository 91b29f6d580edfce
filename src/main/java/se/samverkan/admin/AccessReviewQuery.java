package se.samverkan.admin;

import io.vertx.core.MultiMap;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A request for the periodic review's sample, from the parameters the contract has validated. The
 * period and the seed are always fixed here (the defaults: the last 30 days up to now, a random
 * seed) and returned, so that the same sample can be drawn again.
 */
record AccessReviewQuery(int sample, long seed, OffsetDateTime from, OffsetDateTime to, String organisation) {

  static final int DEFAULT_SAMPLE = 50;
  static final Duration DEFAULT_PERIOD = Duration.ofDays(30);
  private static final SecureRandom SEEDS = new SecureRandom();

  AccessReviewQuery {
    if (!from.isBefore(to)) {
      throw se.samverkan.shared.ProblemException.invalid("from måste vara före to.");
    }
  }

  static AccessReviewQuery from(MultiMap query) {
    String sample = query.get("sample");
    String seed = query.get("seed");
    OffsetDateTime to = AccessLogQuery.time(query, "to");
    if (to == null) {
      to = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    }
    OffsetDateTime from = AccessLogQuery.time(query, "from");
    return new AccessReviewQuery(sample == null ? DEFAULT_SAMPLE : Integer.parseInt(sample),
        seed == null ? SEEDS.nextLong(AccessReviewSample.MAX_SEED + 1) : Long.parseLong(seed),
        from == null ? to.minus(DEFAULT_PERIOD) : from, to, query.get("organisation"));
  }
}
