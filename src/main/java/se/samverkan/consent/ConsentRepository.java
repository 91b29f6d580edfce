package se.samverkan.consent;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.child.HandoverConsent;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.store.Rows;

/** SQL for consent records and their withdrawals. Nothing here updates or deletes a consent. */
public final class ConsentRepository implements HandoverConsent {

  private final Pool pool;

  public ConsentRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> insert(SqlClient client, NewConsent c) {
    ConsentRequest q = c.request();
    Map<String, Object> p = new HashMap<>();
    p.put("id", c.id());
    p.put("child", c.childId());
    p.put("level", q.level().name());
    p.put("givenBy", Buffer.buffer(c.givenBySealed()));
    p.put("childParticipated", q.childParticipated());
    p.put("orgs", q.organisations().toArray(new String[0]));
    p.put("persons", q.persons().toArray(new String[0]));
    p.put("details", Buffer.buffer(c.personDetailsSealed()));
    p.put("purpose", Buffer.buffer(c.purposeSealed()));
    p.put("until", q.validUntil() == null ? null : OffsetDateTime.ofInstant(q.validUntil(), ZoneOffset.UTC));
    p.put("bySubject", UUID.fromString(c.recordedBy().subject()));
    p.put("by", c.recordedBy().username());
    p.put("externals", c.externalPersonsSealed() == null ? null : Buffer.buffer(c.externalPersonsSealed()));
    return SqlTemplate.forUpdate(client, """
            INSERT INTO consent (id, child_id, level, given_by_ct, child_participated, organisations, persons,
                                 person_details_ct, purpose_ct, valid_from, valid_until, recorded_by_subject,
                                 recorded_by_username, external_persons_ct)
            VALUES (#{id}, #{child}, #{level}, #{givenBy}, #{childParticipated}, #{orgs}, #{persons}, #{details}, #{purpose},
                    now(), #{until}, #{bySubject}, #{by}, #{externals})""")
        .execute(p).mapEmpty();
  }

  public Future<Void> withdraw(SqlClient tx, UUID consentId, UUID bySubject, String by, byte[] reasonSealed) {
    return tx.preparedQuery("""
            INSERT INTO consent_withdrawal (consent_id, withdrawn_by_subject, withdrawn_by_username, reason_ct)
            VALUES ($1, $2, $3, $4)""")
        .execute(Tuple.of(consentId, bySubject, by, Buffer.buffer(reasonSealed))).mapEmpty();
  }

  public Future<List<ConsentRecord>> ofChild(SqlClient client, UUID childId) {
    return client.preparedQuery(ConsentRecord.SELECT + " WHERE k.child_id = $1 ORDER BY k.recorded_at DESC")
        .mapping(ConsentRecord::from)
        .execute(Tuple.of(childId))
        .map(Rows::list);
  }

  public Future<List<ConsentRecord>> ofChild(UUID childId) {
    return ofChild(pool, childId);
  }

  public Future<Optional<ConsentRecord>> find(SqlClient client, UUID childId, UUID consentId) {
    return client.preparedQuery(ConsentRecord.SELECT + " WHERE k.child_id = $1 AND k.id = $2")
        .execute(Tuple.of(childId, consentId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(ConsentRecord.from(rows.iterator().next())));
  }

  /**
   * The consent in force that covers a person (by name, preferred, or by organisation) at a level
   * at least {@code needed}; the newest if several.
   */
  public Future<Optional<ConsentRecord>> covering(SqlClient client, UUID childId, String username, String organisation,
      ConsentLevel needed) {
    return ofChild(client, childId).map(all -> ConsentCoverage.covering(all, username, organisation, needed, Instant.now()));
  }

  @Override
  public Future<Optional<UUID>> coveringConsentId(SqlClient client, UUID childId, String username, String organisation,
      ConsentLevel needed) {
    return covering(client, childId, username, organisation, needed).map(found -> found.map(ConsentRecord::id));
  }

}
