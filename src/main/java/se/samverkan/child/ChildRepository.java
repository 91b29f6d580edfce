package se.samverkan.child;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.caremodel.ContactKind;
import se.samverkan.caremodel.Schooling;
import se.samverkan.store.Rows;

/** SQL for children, guardians and handovers. */
public final class ChildRepository {

  private final Pool pool;

  public ChildRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  public Future<Void> insert(SqlClient tx, ChildRecord c, String createdBy) {
    Map<String, Object> p = new HashMap<>();
    p.put("id", c.id());
    p.put("name", Buffer.buffer(c.nameSealed()));
    p.put("pn", c.personalNumberSealed() == null ? null : Buffer.buffer(c.personalNumberSealed()));
    p.put("birth", c.birthDate());
    p.put("schooling", c.statedSchooling() == null ? null : c.statedSchooling().name());
    p.put("statedAt", c.schoolingStatedAt() == null ? null : OffsetDateTime.ofInstant(c.schoolingStatedAt(), ZoneOffset.UTC));
    p.put("contactSubject", c.contactSubject());
    p.put("contactUsername", c.contactUsername());
    p.put("contactName", c.contactName());
    p.put("contactOrg", c.contactOrganisation());
    p.put("contactKind", c.contactKind().name());
    p.put("createdBy", createdBy);
    return SqlTemplate.forUpdate(tx, """
            INSERT INTO child (id, name_ct, personal_number_ct, birth_date, schooling, schooling_stated_at, contact_subject,
                               contact_username, contact_name, contact_organisation, contact_kind, contact_since,
                               created_by_username)
            VALUES (#{id}, #{name}, #{pn}, #{birth}, #{schooling}, #{statedAt}, #{contactSubject}, #{contactUsername},
                    #{contactName}, #{contactOrg}, #{contactKind}, now(), #{createdBy})""")
        .execute(p).mapEmpty();
  }

  public Future<Optional<ChildRecord>> find(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + ChildRecord.COLUMNS + " FROM child WHERE id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(ChildRecord.from(rows.iterator().next())));
  }

  /** Locks the child's row for the transaction: team and consent changes of one child are serialised. */
  public Future<ChildRecord> lock(SqlClient tx, UUID id) {
    return tx.preparedQuery("SELECT " + ChildRecord.COLUMNS + " FROM child WHERE id = $1 FOR UPDATE")
        .execute(io.vertx.sqlclient.Tuple.of(id))
        .map(rows -> ChildRecord.from(rows.iterator().next()));
  }

  public Future<List<ChildRecord>> findAll(List<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery("SELECT " + ChildRecord.COLUMNS + " FROM child WHERE id = ANY($1) ORDER BY created_at")
        .mapping(ChildRecord::from)
        .execute(io.vertx.sqlclient.Tuple.tuple().addArrayOfUUID(ids.toArray(new UUID[0])))
        .map(Rows::list);
  }

  public Future<List<ChildRecord>> contactedBy(UUID contactSubject) {
    return pool.preparedQuery("SELECT " + ChildRecord.COLUMNS + " FROM child WHERE contact_subject = $1 ORDER BY birth_date")
        .mapping(ChildRecord::from)
        .execute(io.vertx.sqlclient.Tuple.of(contactSubject))
        .map(Rows::list);
  }

  public Future<Void> updateSchooling(UUID id, Schooling schooling) {
    return pool.preparedQuery("UPDATE child SET schooling = $2, schooling_stated_at = now() WHERE id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(id, schooling.name())).mapEmpty();
  }

  public Future<Void> setCoordinator(SqlClient tx, UUID id, UUID subject, String username) {
    return tx.preparedQuery("UPDATE child SET coordinator_subject = $2, coordinator_username = $3 WHERE id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(id, subject, username)).mapEmpty();
  }

  public Future<Void> changeContact(SqlClient tx, UUID id, UUID subject, String username, String name, String organisation,
      ContactKind kind, Instant historyFrom) {
    Map<String, Object> p = new HashMap<>();
    p.put("id", id);
    p.put("subject", subject);
    p.put("username", username);
    p.put("name", name);
    p.put("org", organisation);
    p.put("kind", kind.name());
    p.put("from", historyFrom == null ? null : OffsetDateTime.ofInstant(historyFrom, ZoneOffset.UTC));
    return SqlTemplate.forUpdate(tx, """
            UPDATE child SET contact_subject = #{subject}, contact_username = #{username}, contact_name = #{name},
                   contact_organisation = #{org}, contact_kind = #{kind}, contact_since = now(),
                   contact_history_from = #{from},
                   coordinator_subject = CASE WHEN coordinator_subject = #{subject} THEN NULL ELSE coordinator_subject END,
                   coordinator_username = CASE WHEN coordinator_subject = #{subject} THEN NULL ELSE coordinator_username END
            WHERE id = #{id}""")
        .execute(p).mapEmpty();
  }

  public Future<Void> insertGuardian(SqlClient client, GuardianRow g, String createdBy) {
    Map<String, Object> p = new HashMap<>();
    p.put("id", g.id());
    p.put("child", g.childId());
    p.put("name", Buffer.buffer(g.nameSealed()));
    p.put("email", Buffer.buffer(g.emailSealed()));
    p.put("phone", g.phoneSealed() == null ? null : Buffer.buffer(g.phoneSealed()));
    p.put("userSubject", g.userSubject());
    p.put("username", g.usernameSealed() == null ? null : Buffer.buffer(g.usernameSealed()));
    p.put("createdBy", createdBy);
    return SqlTemplate.forUpdate(client, """
            INSERT INTO guardian (id, child_id, name_ct, email_ct, phone_ct, user_subject, username_ct, created_by_username)
            VALUES (#{id}, #{child}, #{name}, #{email}, #{phone}, #{userSubject}, #{username}, #{createdBy})""")
        .execute(p).mapEmpty();
  }

  private static final String GUARDIAN_COLUMNS = "id, child_id, name_ct, email_ct, phone_ct, user_subject, username_ct, username";

  public Future<List<GuardianRow>> guardians(UUID childId) {
    return pool.preparedQuery("SELECT " + GUARDIAN_COLUMNS + " FROM guardian WHERE child_id = $1 ORDER BY created_at")
        .mapping(ChildRepository::guardianRow)
        .execute(io.vertx.sqlclient.Tuple.of(childId))
        .map(Rows::list);
  }

  /** One of the child's guardians, locked for the transaction; empty when the id is not a guardian of this child. */
  public Future<Optional<GuardianRow>> lockGuardian(SqlClient tx, UUID childId, UUID guardianId) {
    return tx.preparedQuery("SELECT " + GUARDIAN_COLUMNS + " FROM guardian WHERE child_id = $1 AND id = $2 FOR UPDATE")
        .execute(io.vertx.sqlclient.Tuple.of(childId, guardianId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(guardianRow(rows.iterator().next())));
  }

  /** The guardian stays on record; only the account's link (and with it the family view) goes. */
  public Future<Void> unlinkAccount(SqlClient tx, UUID guardianId) {
    return tx.preparedQuery("UPDATE guardian SET user_subject = NULL, username_ct = NULL, username = NULL WHERE id = $1")
        .execute(io.vertx.sqlclient.Tuple.of(guardianId)).mapEmpty();
  }

  private static GuardianRow guardianRow(Row r) {
    return new GuardianRow(r.getUUID("id"), r.getUUID("child_id"), r.getBuffer("name_ct").getBytes(),
        r.getBuffer("email_ct").getBytes(),
        r.getBuffer("phone_ct") == null ? null : r.getBuffer("phone_ct").getBytes(),
        r.getUUID("user_subject"),
        r.getBuffer("username_ct") == null ? null : r.getBuffer("username_ct").getBytes(),
        r.getString("username"));
  }

  public Future<Void> insertHandover(SqlClient tx, Map<String, Object> row) {
    return SqlTemplate.forUpdate(tx, """
            INSERT INTO handover (id, child_id, from_username, from_name, from_organisation, to_subject, to_username,
                                  to_name, to_organisation, from_kind, to_kind, reason_ct, information_transferred,
                                  consent_id, at)
            VALUES (#{id}, #{child}, #{fromUsername}, #{fromName}, #{fromOrg}, #{toSubject}, #{toUsername}, #{toName},
                    #{toOrg}, #{fromKind}, #{toKind}, #{reason}, #{transferred}, #{consent}, #{at})""")
        .execute(row).mapEmpty();
  }
}
