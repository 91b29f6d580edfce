package se.samverkan.direct;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;
import se.samverkan.policy.DirectPolicy;

/**
 * Two persons and one child. The parties are kept in one order ({@code a} has the smaller subject),
 * so that the pair and child name one conversation whoever started it.
 */
record Conversation(UUID id, UUID childId, Participant a, Participant b, Instant createdAt, long lastSeq,
                    Instant lastMessageAt) {

  static final String COLUMNS = "id, child_id, party_a_subject, party_a_username, party_a_name, party_a_org,"
      + " party_b_subject, party_b_username, party_b_name, party_b_org, created_at, last_seq, last_message_at";

  /** One party as the conversation stores them (organisation: an alias or null). */
  record Participant(UUID subject, String username, String name, String organisation) {
    Participant {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(name, "name");
    }

    DirectPolicy.Party party() {
      return new DirectPolicy.Party(subject, username, organisation);
    }
  }

  Conversation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(childId, "childId");
    if (a.subject().compareTo(b.subject()) >= 0) {
      throw new IllegalArgumentException("parties out of order, or the same person twice");
    }
  }

  /** A new conversation between two persons, in the stored order. */
  static Conversation between(UUID id, UUID childId, Participant one, Participant other, Instant now) {
    return one.subject().compareTo(other.subject()) < 0
        ? new Conversation(id, childId, one, other, now, 0, null)
        : new Conversation(id, childId, other, one, now, 0, null);
  }

  boolean hasParty(UUID subject) {
    return a.subject().equals(subject) || b.subject().equals(subject);
  }

  /** The other party than {@code subject}. */
  Participant counterpartOf(UUID subject) {
    return a.subject().equals(subject) ? b : a;
  }

  Participant party(UUID subject) {
    return a.subject().equals(subject) ? a : b;
  }

  Instant lastActivity() {
    return lastMessageAt == null ? createdAt : lastMessageAt;
  }

  static Conversation from(Row r) {
    OffsetDateTime last = r.getOffsetDateTime("last_message_at");
    return new Conversation(r.getUUID("id"), r.getUUID("child_id"),
        new Participant(r.getUUID("party_a_subject"), r.getString("party_a_username"), r.getString("party_a_name"),
            r.getString("party_a_org")),
        new Participant(r.getUUID("party_b_subject"), r.getString("party_b_username"), r.getString("party_b_name"),
            r.getString("party_b_org")),
        r.getOffsetDateTime("created_at").toInstant(), r.getLong("last_seq"), last == null ? null : last.toInstant());
  }
}
