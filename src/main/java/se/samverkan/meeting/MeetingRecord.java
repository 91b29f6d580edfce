package se.samverkan.meeting;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/** A meeting row; title, place, link, agenda and notes still sealed under the child's key. */
public record MeetingRecord(
    UUID id,
    UUID childId,
    MeetingKind kind,
    byte[] titleSealed,
    byte[] locationSealed,
    byte[] videoLinkSealed,
    byte[] agendaSealed,
    byte[] notesSealed,
    Instant start,
    Instant end,
    UUID organiserSubject,
    String organiserUsername,
    String organiserName,
    String organiserOrganisation,
    String organiserEmail,
    String icalUid,
    int sequence,
    MeetingStatus status,
    Instant reminderAt,
    Instant createdAt,
    Instant updatedAt) {

  public MeetingRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
  }

  static final String COLUMNS = """
      id, child_id, kind, title_ct, location_ct, video_link_ct, agenda_ct, notes_ct, start_at, end_at, organiser_subject,
      organiser_username, organiser_name, organiser_org, organiser_email, ical_uid, sequence, status, reminder_at, created_at, updated_at""";

  static MeetingRecord from(Row r) {
    return new MeetingRecord(r.getUUID("id"), r.getUUID("child_id"), MeetingKind.valueOf(r.getString("kind")),
        bytes(r, "title_ct"), bytes(r, "location_ct"), bytes(r, "video_link_ct"), bytes(r, "agenda_ct"), bytes(r, "notes_ct"),
        instant(r.getOffsetDateTime("start_at")), instant(r.getOffsetDateTime("end_at")), r.getUUID("organiser_subject"),
        r.getString("organiser_username"), r.getString("organiser_name"), r.getString("organiser_org"),
        r.getString("organiser_email"), r.getString("ical_uid"), r.getInteger("sequence"), MeetingStatus.valueOf(r.getString("status")),
        instant(r.getOffsetDateTime("reminder_at")),
        instant(r.getOffsetDateTime("created_at")), instant(r.getOffsetDateTime("updated_at")));
  }

  static byte[] bytes(Row r, String column) {
    return r.getBuffer(column) == null ? null : r.getBuffer(column).getBytes();
  }

  static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  public boolean cancelled() {
    return status == MeetingStatus.CANCELLED;
  }
}
