package se.samverkan.admin;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import se.samverkan.identity.Principal;

/** The reviewers' marks (table access_review, append-only): a later mark of an entry is a new row, the newest counts. */
final class AccessReviews {

  /** A mark as shown with its entry. */
  record Review(long entryId, AccessReviewMark.Verdict verdict, String note, String by, Instant at) {
    static Review from(Row r) {
      return new Review(r.getLong("access_log_id"), AccessReviewMark.Verdict.valueOf(r.getString("verdict")),
          r.getString("note"), r.getString("reviewer"), r.getOffsetDateTime("at").toInstant());
    }
  }

  private static final String COLUMNS = "access_log_id, verdict, note, reviewer, at";

  private final Pool pool;

  AccessReviews(Pool pool) {
    this.pool = pool;
  }

  Future<Review> mark(Principal who, long entryId, AccessReviewMark mark) {
    return pool.preparedQuery("""
            INSERT INTO access_review (access_log_id, verdict, note, reviewer_subject, reviewer, reviewer_organisation)
            VALUES ($1, $2, $3, $4, $5, $6)""" + " RETURNING " + COLUMNS)
        .mapping(Review::from)
        .execute(Tuple.of(entryId, mark.verdict().name(), mark.note(), UUID.fromString(who.subject()), who.username(),
            who.organisation().orElse(null)))
        .map(rows -> rows.iterator().next());
  }

  /** The newest mark of each of these entries that has one. */
  Future<Map<Long, Review>> newest(List<Long> entryIds) {
    return pool.preparedQuery("SELECT DISTINCT ON (access_log_id) " + COLUMNS
            + " FROM access_review WHERE access_log_id = ANY($1) ORDER BY access_log_id, id DESC")
        .mapping(Review::from)
        .execute(Tuple.of(entryIds.toArray(Long[]::new)))
        .map(rows -> {
          Map<Long, Review> out = new HashMap<>();
          rows.forEach(r -> out.put(r.entryId(), r));
          return out;
        });
  }
}
