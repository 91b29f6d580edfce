package se.samverkan.direct;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.store.Rows;

/** SQL of conversations, their messages and copies, read markers and the days logged. */
final class ConversationRepository {

  private final Pool pool;

  ConversationRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  /** Inserts the conversation, or finds the one of the same pair and child: {@code created} says which. */
  Future<Opened> open(Conversation c) {
    return pool.preparedQuery("""
            WITH inserted AS (
                INSERT INTO direct_conversation (id, child_id, party_a_subject, party_a_username, party_a_name, party_a_org,
                                                 party_b_subject, party_b_username, party_b_name, party_b_org, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                ON CONFLICT (child_id, party_a_subject, party_b_subject) DO NOTHING
                RETURNING id)
            SELECT (SELECT count(*) FROM inserted) AS created""")
        .execute(Tuple.tuple(Arrays.asList(c.id(), c.childId(), c.a().subject(), c.a().username(), c.a().name(),
            c.a().organisation(), c.b().subject(), c.b().username(), c.b().name(), c.b().organisation(),
            OffsetDateTime.ofInstant(c.createdAt(), ZoneOffset.UTC))))
        .compose(rows -> {
          boolean created = rows.iterator().next().getLong("created") > 0;
          return byPair(c.childId(), c.a().subject(), c.b().subject()).map(found -> new Opened(found, created));
        });
  }

  record Opened(Conversation conversation, boolean created) {
  }

  private Future<Conversation> byPair(UUID childId, UUID a, UUID b) {
    return pool.preparedQuery("SELECT " + Conversation.COLUMNS
            + " FROM direct_conversation WHERE child_id = $1 AND party_a_subject = $2 AND party_b_subject = $3")
        .mapping(Conversation::from)
        .execute(Tuple.of(childId, a, b))
        .map(rows -> rows.iterator().next());
  }

  /** The conversation if {@code party} is in it. */
  Future<Optional<Conversation>> of(UUID id, UUID party) {
    return pool.preparedQuery("SELECT " + Conversation.COLUMNS
            + " FROM direct_conversation WHERE id = $1 AND $2 IN (party_a_subject, party_b_subject)")
        .mapping(Conversation::from)
        .execute(Tuple.of(id, party))
        .map(rows -> Rows.list(rows).stream().findFirst());
  }

  /** The conversation row, locked until the transaction ends: sends are serialised on it (gap-free seq). */
  Future<Conversation> lock(SqlClient tx, UUID id) {
    return tx.preparedQuery("SELECT " + Conversation.COLUMNS + " FROM direct_conversation WHERE id = $1 FOR UPDATE")
        .mapping(Conversation::from)
        .execute(Tuple.of(id))
        .map(rows -> rows.iterator().next());
  }

  /** A person's conversations, newest activity first, with how many of the other's messages they have not read. */
  Future<List<Listed>> mine(UUID party) {
    return pool.preparedQuery("SELECT " + Conversation.COLUMNS + """
            , (SELECT count(*) FROM direct_message m WHERE m.conversation_id = c.id AND m.sender_subject <> $1
                 AND m.seq > COALESCE((SELECT r.seq FROM direct_read_marker r
                                       WHERE r.conversation_id = c.id AND r.subject = $1), 0)) AS unread
            FROM direct_conversation c WHERE $1 IN (c.party_a_subject, c.party_b_subject)
            ORDER BY COALESCE(c.last_message_at, c.created_at) DESC, c.id""")
        .mapping(r -> new Listed(Conversation.from(r), r.getLong("unread")))
        .execute(Tuple.of(party))
        .map(Rows::list);
  }

  Future<Long> unread(UUID conversationId, UUID party) {
    return pool.preparedQuery("""
            SELECT count(*) AS unread FROM direct_message m WHERE m.conversation_id = $1 AND m.sender_subject <> $2
              AND m.seq > COALESCE((SELECT r.seq FROM direct_read_marker r WHERE r.conversation_id = $1 AND r.subject = $2), 0)""")
        .execute(Tuple.of(conversationId, party))
        .map(rows -> rows.iterator().next().getLong("unread"));
  }

  record Listed(Conversation conversation, long unread) {
  }

  /** The message this sender sent with this clientId before, if any (with no copy). */
  Future<Optional<DirectMessage>> byClientId(SqlClient tx, UUID conversationId, UUID sender, String clientId) {
    return tx.preparedQuery("SELECT " + DirectMessage.COLUMNS + ", NULL::bytea AS enc, NULL::bytea AS ciphertext"
            + " FROM direct_message m WHERE m.conversation_id = $1 AND m.sender_subject = $2 AND m.client_id = $3")
        .mapping(DirectMessage::from)
        .execute(Tuple.of(conversationId, sender, clientId))
        .map(rows -> Rows.list(rows).stream().findFirst());
  }

  /**
   * Takes the conversation's next number (its row is locked by {@link #lock}) and stores the
   * message; {@code sent_at} is read from the clock under the lock, so it grows with {@code seq}.
   */
  Future<DirectMessage> append(SqlClient tx, UUID id, UUID conversationId, UUID sender, String senderUsername,
      String clientId, UUID senderDevice) {
    return tx.preparedQuery("""
            WITH next AS (
                UPDATE direct_conversation SET last_seq = last_seq + 1, last_message_at = clock_timestamp()
                WHERE id = $2 RETURNING last_seq, last_message_at)
            INSERT INTO direct_message AS m (id, conversation_id, seq, client_id, sender_subject, sender_username,
                                          sender_device_id, sent_at)
            SELECT $1, $2, next.last_seq, $3, $4, $5, $6, next.last_message_at FROM next
            RETURNING\s""" + DirectMessage.COLUMNS + ", NULL::bytea AS enc, NULL::bytea AS ciphertext")
        .mapping(DirectMessage::from)
        .execute(Tuple.of(id, conversationId, clientId, sender, senderUsername, senderDevice))
        .map(rows -> rows.iterator().next());
  }

  Future<Void> insertCopies(SqlClient tx, UUID messageId, List<DirectRequest.Copy> copies) {
    if (copies.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>();
    copies.forEach(c -> batch.add(Tuple.of(messageId, c.target(), Buffer.buffer(c.enc()), Buffer.buffer(c.ciphertext()))));
    return tx.preparedQuery("INSERT INTO direct_copy (message_id, device_id, enc, ciphertext) VALUES ($1, $2, $3, $4)")
        .executeBatch(batch).mapEmpty();
  }

  /** Whether the conversation's entry for this Swedish day is written. */
  Future<Boolean> dayLogged(SqlClient tx, UUID conversationId, LocalDate day) {
    return tx.preparedQuery("SELECT 1 FROM direct_conversation_day WHERE conversation_id = $1 AND day = $2")
        .execute(Tuple.of(conversationId, day))
        .map(rows -> rows.size() > 0);
  }

  Future<Void> logDay(SqlClient tx, UUID conversationId, LocalDate day, long logIndex) {
    return tx.preparedQuery("INSERT INTO direct_conversation_day (conversation_id, day, log_index) VALUES ($1, $2, $3)")
        .execute(Tuple.of(conversationId, day, logIndex)).mapEmpty();
  }

  /** A page for one device, oldest first: each message with that device's copy, or none. */
  Future<List<DirectMessage>> page(UUID conversationId, UUID deviceId, long afterSeq, int limit) {
    return pool.preparedQuery("SELECT " + DirectMessage.COLUMNS + ", k.enc, k.ciphertext FROM direct_message m"
            + " LEFT JOIN direct_copy k ON k.message_id = m.id AND k.device_id = $2"
            + " WHERE m.conversation_id = $1 AND m.seq > $3 ORDER BY m.seq LIMIT $4")
        .mapping(DirectMessage::from)
        .execute(Tuple.of(conversationId, deviceId, afterSeq, limit))
        .map(Rows::list);
  }

  Future<Void> markRead(UUID conversationId, UUID party, long seq) {
    return pool.preparedQuery("""
            INSERT INTO direct_read_marker (conversation_id, subject, seq) VALUES ($1, $2, $3)
            ON CONFLICT (conversation_id, subject)
            DO UPDATE SET seq = GREATEST(direct_read_marker.seq, EXCLUDED.seq), updated_at = now()""")
        .execute(Tuple.of(conversationId, party, seq)).mapEmpty();
  }

  /** The conversations about a child with one of these persons, and every active device of both parties. */
  Future<List<Closing>> closing(UUID childId, List<String> usernames) {
    return pool.preparedQuery("""
            SELECT c.id AS conversation_id, d.id AS device_id FROM direct_conversation c
            JOIN direct_device d ON d.removed_at IS NULL AND d.owner_subject IN (c.party_a_subject, c.party_b_subject)
            WHERE c.child_id = $1 AND (c.party_a_username = ANY($2) OR c.party_b_username = ANY($2))""")
        .mapping(r -> new Closing(r.getUUID("conversation_id"), r.getUUID("device_id")))
        .execute(Tuple.of(childId).addArrayOfString(usernames.toArray(String[]::new)))
        .map(Rows::list);
  }

  record Closing(UUID conversationId, UUID deviceId) {
  }
}
