package se.samverkan.meeting;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An invited person: a professional (or guardian) with an account, or someone invited by e-mail only.
 * {@code organisation} is the organisation a professional was invited as (their consent coverage is
 * checked again through it); null for everyone else and for rows older than V8.
 */
public record ParticipantRecord(
    UUID id,
    UUID meetingId,
    UUID subject,
    String username,
    String displayName,
    byte[] nameSealed,
    byte[] emailSealed,
    ParticipantRole role,
    Answer answer,
    int answerVersion,
    Instant answeredAt,
    Instant removedAt,
    String organisation,
    Instant addedAt) {

  public ParticipantRecord {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(answer, "answer");
  }

  static final String COLUMNS = """
      id, meeting_id, subject, username, display_name, name_ct, email_ct, role, answer, answer_version, answered_at,
      removed_at, organisation, added_at""";

  static ParticipantRecord from(Row r) {
    return new ParticipantRecord(r.getUUID("id"), r.getUUID("meeting_id"), r.getUUID("subject"), r.getString("username"),
        r.getString("display_name"), MeetingRecord.bytes(r, "name_ct"), MeetingRecord.bytes(r, "email_ct"),
        ParticipantRole.valueOf(r.getString("role")), Answer.valueOf(r.getString("answer")), r.getInteger("answer_version"),
        MeetingRecord.instant(r.getOffsetDateTime("answered_at")), MeetingRecord.instant(r.getOffsetDateTime("removed_at")),
        r.getString("organisation"), MeetingRecord.instant(r.getOffsetDateTime("added_at")));
  }

  public boolean hasAccount() {
    return username != null;
  }

  public boolean active() {
    return removedAt == null;
  }
}
