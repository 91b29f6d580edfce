package se.samverkan.membership;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** An active membership of a child's team (Individuellt barnteam). */
public record TeamMemberRecord(
    UUID id,
    UUID childId,
    UUID subject,
    String username,
    String displayName,
    String organisation,
    MemberRole role,
    UUID consentId,
    Instant addedAt,
    String addedBy) {

  public TeamMemberRecord {
    Objects.requireNonNull(role, "role");
  }

  static final String COLUMNS = "id, child_id, subject, username, display_name, organisation, role, consent_id, added_at, added_by_username";

  static TeamMemberRecord from(Row r) {
    return new TeamMemberRecord(r.getUUID("id"), r.getUUID("child_id"), r.getUUID("subject"), r.getString("username"),
        r.getString("display_name"), r.getString("organisation"), MemberRole.valueOf(r.getString("role")), r.getUUID("consent_id"),
        r.getOffsetDateTime("added_at").toInstant(), r.getString("added_by_username"));
  }

  /** Whether someone who may see the child's history only from {@code historyFrom} (null: all of it) sees this membership. */
  public boolean visibleFrom(Instant historyFrom) {
    return historyFrom == null || !addedAt.isBefore(historyFrom);
  }

  /** Whether the team shows this membership to that caller: the ChildContact's own always. */
  public boolean shownTo(Instant historyFrom) {
    return isChildContact() || visibleFrom(historyFrom);
  }

  public boolean isChildContact() {
    return role == MemberRole.CHILD_CONTACT;
  }
}
