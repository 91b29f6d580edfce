package se.samverkan.membership;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.store.Rows;

/**
 * Team memberships: the shared core store that child (handover), consent (withdrawal), team and meeting
 * all read and end in their own transactions. Memberships end (with a reason); they are never deleted.
 */
public final class TeamMemberships {

  /**
   * RENEWED: the person was added anew by a ChildContact who could not see the membership. LAPSED: a
   * membership without consent, ended when such a ChildContact recorded a consent that would have
   * given it access again without their knowing.
   */
  public enum EndReason { REMOVED, LEFT, CONSENT_WITHDRAWN, HANDOVER, RENEWED, LAPSED }

  private final Pool pool;

  public TeamMemberships(Pool pool) {
    this.pool = pool;
  }

  public Future<List<TeamMemberRecord>> active(SqlClient client, UUID childId) {
    return client.preparedQuery("SELECT " + TeamMemberRecord.COLUMNS
            + " FROM team_member WHERE child_id = $1 AND ended_at IS NULL ORDER BY added_at")
        .mapping(TeamMemberRecord::from)
        .execute(Tuple.of(childId))
        .map(Rows::list);
  }

  public Future<List<TeamMemberRecord>> active(UUID childId) {
    return active(pool, childId);
  }

  public Future<Optional<TeamMemberRecord>> activeByUsername(SqlClient client, UUID childId, String username) {
    return client.preparedQuery("SELECT " + TeamMemberRecord.COLUMNS
            + " FROM team_member WHERE child_id = $1 AND username = $2 AND ended_at IS NULL")
        .execute(Tuple.of(childId, username))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(TeamMemberRecord.from(rows.iterator().next())));
  }

  public Future<Void> insert(SqlClient client, TeamMemberRecord m) {
    return client.preparedQuery("""
            INSERT INTO team_member (id, child_id, subject, username, display_name, organisation, role, consent_id, added_by_username)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""")
        .execute(Tuple.tuple(java.util.Arrays.asList(m.id(), m.childId(), m.subject(), m.username(), m.displayName(),
            m.organisation(), m.role().name(), m.consentId(), m.addedBy())))
        .mapEmpty();
  }

  public Future<Void> end(SqlClient client, UUID memberId, EndReason reason, String by) {
    return client.preparedQuery("""
            UPDATE team_member SET ended_at = now(), ended_reason = $2, ended_by_username = $3
            WHERE id = $1 AND ended_at IS NULL""")
        .execute(Tuple.of(memberId, reason.name(), by)).mapEmpty();
  }
}
