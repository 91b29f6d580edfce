package se.samverkan.message;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A message in a child's team channel, its text still sealed under the child's key. */
public record Message(
    UUID id,
    UUID childId,
    long seq,
    UUID senderSubject,
    String senderUsername,
    String senderName,
    String senderOrganisation,
    String clientId,
    byte[] textSealed,
    int version,
    Instant sentAt,
    Instant editedAt,
    Instant redactedAt) {

  static final String COLUMNS = """
      id, child_id, seq, sender_subject, sender_username, sender_name, sender_org, client_id, text_ct, version,
      sent_at, edited_at, redacted_at""";

  static Message from(Row r) {
    return new Message(
        r.getUUID("id"), r.getUUID("child_id"), r.getLong("seq"), r.getUUID("sender_subject"),
        r.getString("sender_username"), r.getString("sender_name"), r.getString("sender_org"), r.getString("client_id"),
        r.getBuffer("text_ct") == null ? null : r.getBuffer("text_ct").getBytes(),
        r.getInteger("version"), instant(r.getOffsetDateTime("sent_at")), instant(r.getOffsetDateTime("edited_at")),
        instant(r.getOffsetDateTime("redacted_at")));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  public boolean redacted() {
    return redactedAt != null;
  }
}
