package se.samverkan.child;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;
import se.samverkan.caremodel.ContactKind;
import se.samverkan.caremodel.Schooling;

/**
 * A child's row: identity fields still sealed under the child's data key.
 *
 * @param statedSchooling the schooling the ChildContact last stated (null: follow the age), see {@link Schooling#current}
 */
public record ChildRecord(
    UUID id,
    byte[] nameSealed,
    byte[] personalNumberSealed,
    LocalDate birthDate,
    Schooling statedSchooling,
    Instant schoolingStatedAt,
    UUID contactSubject,
    String contactUsername,
    String contactName,
    String contactOrganisation,
    ContactKind contactKind,
    Instant contactSince,
    Instant contactHistoryFrom,
    UUID coordinatorSubject,
    String coordinatorUsername,
    Instant createdAt) {

  /** Dates of schooling and age are Swedish calendar dates. */
  static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");

  static final String COLUMNS = """
      id, name_ct, personal_number_ct, birth_date, schooling, schooling_stated_at, contact_subject, contact_username, contact_name,
      contact_organisation, contact_kind, contact_since, contact_history_from, coordinator_subject,
      coordinator_username, created_at""";

  static ChildRecord from(Row r) {
    return new ChildRecord(
        r.getUUID("id"),
        r.getBuffer("name_ct").getBytes(),
        r.getBuffer("personal_number_ct") == null ? null : r.getBuffer("personal_number_ct").getBytes(),
        r.getLocalDate("birth_date"),
        r.getString("schooling") == null ? null : Schooling.valueOf(r.getString("schooling")),
        instant(r.getOffsetDateTime("schooling_stated_at")),
        r.getUUID("contact_subject"),
        r.getString("contact_username"),
        r.getString("contact_name"),
        r.getString("contact_organisation"),
        ContactKind.valueOf(r.getString("contact_kind")),
        instant(r.getOffsetDateTime("contact_since")),
        instant(r.getOffsetDateTime("contact_history_from")),
        r.getUUID("coordinator_subject"),
        r.getString("coordinator_username"),
        instant(r.getOffsetDateTime("created_at")));
  }

  /** The child's schooling on a day (Swedish time), from what was stated and the school calendar. */
  public Schooling schooling(LocalDate today) {
    LocalDate statedOn = schoolingStatedAt == null ? today : LocalDate.ofInstant(schoolingStatedAt, SWEDEN);
    return Schooling.current(statedSchooling, statedOn, birthDate, today);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
