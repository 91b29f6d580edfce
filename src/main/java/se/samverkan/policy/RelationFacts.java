package se.samverkan.policy;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * What the database says of one professional and one child, read once ({@link AccessQueries}) for
 * the pure decisions of {@link AccessDecision}.
 *
 * @param contactHistoryFrom earliest history the ChildContact may see (null: all of it)
 * @param memberSince        when their current membership began (null: no membership)
 * @param member             a current member of the child's team
 * @param covered            an updated written consent in force covers them (by name or organisation)
 * @param coveredUntil       the latest end among those consents; null when one has none (or none covers)
 */
record RelationFacts(UUID childId, UUID contactSubject, UUID coordinatorSubject, Instant contactHistoryFrom,
                     Instant memberSince, boolean member, boolean covered, Instant coveredUntil) {

  /** A row of {@link AccessQueries#RELATION}. */
  static RelationFacts from(Row row) {
    return new RelationFacts(row.getUUID("id"), row.getUUID("contact_subject"), row.getUUID("coordinator_subject"),
        instant(row.getOffsetDateTime("contact_history_from")), instant(row.getOffsetDateTime("added_at")),
        row.getBoolean("member"), row.getBoolean("covered"), instant(row.getOffsetDateTime("covered_until")));
  }

  /** A row of {@link AccessQueries#RELATIONS}: the list needs only who relates how. */
  static RelationFacts listed(Row row) {
    return new RelationFacts(row.getUUID("id"), row.getUUID("contact_subject"), row.getUUID("coordinator_subject"), null, null,
        row.getBoolean("member"), row.getBoolean("covered"), null);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
