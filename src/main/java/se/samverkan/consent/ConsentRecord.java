package se.samverkan.consent;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import se.samverkan.policy.ConsentRule;
import se.samverkan.policy.ConsentTerms;
import se.samverkan.shared.ConsentLevel;

/** A consent as stored: never edited; withdrawal is a separate record joined in. */
public record ConsentRecord(
    UUID id,
    UUID childId,
    ConsentLevel level,
    byte[] givenBySealed,
    boolean childParticipated,
    List<String> organisations,
    List<String> persons,
    byte[] personDetailsSealed,
    byte[] purposeSealed,
    Instant validFrom,
    Instant validUntil,
    String recordedBy,
    Instant recordedAt,
    Instant withdrawnAt,
    String withdrawnBy,
    byte[] withdrawalReasonSealed,
    byte[] externalPersonsSealed) implements ConsentTerms {

  public enum Status { IN_FORCE, WITHDRAWN, EXPIRED }

  static final String SELECT = """
      SELECT k.id, k.child_id, k.level, k.given_by_ct, k.child_participated, k.organisations, k.persons, k.person_details_ct, k.purpose_ct,
             k.valid_from, k.valid_until, k.recorded_by_username, k.recorded_at,
             w.withdrawn_at, w.withdrawn_by_username, w.reason_ct, k.external_persons_ct
      FROM consent k LEFT JOIN consent_withdrawal w ON w.consent_id = k.id""";

  static ConsentRecord from(Row r) {
    return new ConsentRecord(
        r.getUUID("id"),
        r.getUUID("child_id"),
        ConsentLevel.valueOf(r.getString("level")),
        r.getBuffer("given_by_ct").getBytes(),
        r.getBoolean("child_participated"),
        Arrays.asList(r.getArrayOfStrings("organisations")),
        Arrays.asList(r.getArrayOfStrings("persons")),
        r.getBuffer("person_details_ct").getBytes(),
        r.getBuffer("purpose_ct").getBytes(),
        instant(r.getOffsetDateTime("valid_from")),
        instant(r.getOffsetDateTime("valid_until")),
        r.getString("recorded_by_username"),
        instant(r.getOffsetDateTime("recorded_at")),
        instant(r.getOffsetDateTime("withdrawn_at")),
        r.getString("withdrawn_by_username"),
        r.getBuffer("reason_ct") == null ? null : r.getBuffer("reason_ct").getBytes(),
        r.getBuffer("external_persons_ct") == null ? null : r.getBuffer("external_persons_ct").getBytes());
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  public Status status(Instant now) {
    if (withdrawnAt != null) {
      return Status.WITHDRAWN;
    }
    if (validUntil != null && !now.isBefore(validUntil)) {
      return Status.EXPIRED;
    }
    return Status.IN_FORCE;
  }

  /** In force now ({@link ConsentRule#inForce}). */
  public boolean inForce(Instant now) {
    return ConsentRule.inForce(this, now);
  }

  /** The people without an account this consent names (opened with the child's key). */
  public List<ExternalPerson> externalPersons(se.samverkan.crypto.DataKey key) {
    return ExternalPerson.open(key, id, externalPersonsSealed);
  }

  /** Names someone without an account by their e-mail address (case does not matter). */
  public boolean namesExternal(se.samverkan.crypto.DataKey key, String email) {
    return externalPersons(key).stream().anyMatch(p -> p.sameAddress(email));
  }

  /**
   * Whether someone who may see the child's history only from {@code historyFrom} (null: all of it)
   * sees what this consent says; before then they see only its level, validity and status.
   */
  public boolean visibleFrom(Instant historyFrom) {
    return historyFrom == null || !recordedAt.isBefore(historyFrom);
  }

  /** Covers a person by name, or through their organisation ({@link ConsentRule#covers}). */
  public boolean covers(String username, String organisation) {
    return ConsentRule.covers(this, username, organisation);
  }
}
