package se.samverkan.message;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.store.Rows;

/** SQL of the team channels: sequence, messages, read markers and the hourly windows for the sharing log. */
public final class MessageRepository {

  private final Pool pool;

  public MessageRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  public Future<Optional<Message>> byClientId(SqlClient client, UUID childId, UUID sender, String clientId) {
    return client.preparedQuery("SELECT " + Message.COLUMNS
            + " FROM team_message WHERE child_id = $1 AND sender_subject = $2 AND client_id = $3")
        .execute(Tuple.of(childId, sender, clientId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Message.from(rows.iterator().next())));
  }

  public Future<Optional<Message>> byId(SqlClient client, UUID childId, UUID id) {
    return client.preparedQuery("SELECT " + Message.COLUMNS + " FROM team_message WHERE child_id = $1 AND id = $2")
        .execute(Tuple.of(childId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Message.from(rows.iterator().next())));
  }

  /**
   * Takes the channel's next sequence number and inserts the message, in one statement and so in
   * one transaction and one round trip. A clientId the sender used before violates the unique key,
   * which fails the whole statement — the number is not taken, the sequence keeps no gap — and the
   * caller then reads the original.
   *
   * <p>{@code sent_at} is read from the clock once the channel row is locked, not at the start of the
   * transaction: so it grows with {@code seq}, and a send that has not committed yet still holds the
   * channel row, which lets {@link MessageLogJob} wait for it before counting an hour.
   */
  public Future<Message> append(SqlClient client, UUID id, UUID childId, UUID sender, String senderUsername,
      String senderName, String senderOrganisation, String clientId, byte[] textSealed) {
    return client.preparedQuery("""
            WITH next AS (
                INSERT INTO team_channel (child_id, last_seq) VALUES ($2, 1)
                ON CONFLICT (child_id) DO UPDATE SET last_seq = team_channel.last_seq + 1
                RETURNING last_seq),
            message AS (
                INSERT INTO team_message (id, child_id, seq, sender_subject, sender_username, sender_name, sender_org,
                                          client_id, text_ct, sent_at)
                SELECT $1, $2, next.last_seq, $3, $4, $5, $6, $7, $8, clock_timestamp() FROM next
                RETURNING *),
            hour AS (
                INSERT INTO team_message_window (child_id, window_start)
                SELECT child_id, date_trunc('hour', sent_at) FROM message
                ON CONFLICT DO NOTHING)
            SELECT\s""" + Message.COLUMNS + " FROM message")
        .execute(Tuple.tuple(Arrays.asList(id, childId, sender, senderUsername, senderName, senderOrganisation, clientId,
            Buffer.buffer(textSealed))))
        .map(rows -> Message.from(rows.iterator().next()));
  }

  /** Whether a failure is the (child, sender, clientId) key: the message was sent before. */
  public static boolean isDuplicateClientId(Throwable err) {
    return err instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())
        && String.valueOf(pg.getConstraint()).contains("client_id");
  }

  /**
   * A page of history in sequence order: after {@code afterSeq} (oldest first) or, without it,
   * the newest before {@code beforeSeq}. Messages sent before {@code visibleFrom} are left out.
   */
  public Future<List<Message>> history(UUID childId, Long afterSeq, Long beforeSeq, int limit, Instant visibleFrom) {
    OffsetDateTime from = visibleFrom == null ? null : OffsetDateTime.ofInstant(visibleFrom, ZoneOffset.UTC);
    String sql;
    if (afterSeq != null) {
      sql = "SELECT " + Message.COLUMNS + " FROM team_message WHERE child_id = $1 AND seq > $2"
          + " AND ($3::bigint IS NULL OR seq < $3) AND ($4::timestamptz IS NULL OR sent_at >= $4) ORDER BY seq LIMIT $5";
    } else {
      sql = "SELECT * FROM (SELECT " + Message.COLUMNS + " FROM team_message WHERE child_id = $1 AND ($2::bigint IS NULL)"
          + " AND ($3::bigint IS NULL OR seq < $3) AND ($4::timestamptz IS NULL OR sent_at >= $4)"
          + " ORDER BY seq DESC LIMIT $5) newest ORDER BY seq";
    }
    return pool.preparedQuery(sql)
        .mapping(Message::from)
        .execute(Tuple.tuple(Arrays.asList(childId, afterSeq, beforeSeq, from, limit)))
        .map(Rows::list);
  }

  /**
   * What a subscriber may see after {@code afterSeq} and before {@code untilSeq} (null: no bound),
   * oldest first, at most {@code limit}, and how far that answer reaches: every message the caller
   * may see with {@code afterSeq < seq <= coveredThrough} is in it. Read in one statement, so the
   * channel's last number and the messages come from one snapshot; a channel's numbers up to its
   * last one are all committed (each send holds the channel row until it commits), so a short page
   * reaches to the end of the channel — or to just before {@code untilSeq}.
   */
  public Future<Page> visiblePage(UUID childId, long afterSeq, Long untilSeq, int limit, Instant visibleFrom) {
    OffsetDateTime from = visibleFrom == null ? null : OffsetDateTime.ofInstant(visibleFrom, ZoneOffset.UTC);
    return pool.preparedQuery("SELECT c.channel_last, m.* FROM"
            + " (SELECT COALESCE((SELECT last_seq FROM team_channel WHERE child_id = $1), 0) AS channel_last) c"
            + " LEFT JOIN LATERAL (SELECT " + Message.COLUMNS + " FROM team_message WHERE child_id = $1 AND seq > $2"
            + " AND ($3::bigint IS NULL OR seq < $3) AND ($4::timestamptz IS NULL OR sent_at >= $4) ORDER BY seq LIMIT $5) m"
            + " ON true ORDER BY m.seq")
        .execute(Tuple.tuple(Arrays.asList(childId, afterSeq, untilSeq, from, limit)))
        .map(rows -> {
          List<Message> messages = new ArrayList<>();
          long channelLast = 0;
          for (Row r : rows) {
            channelLast = r.getLong("channel_last");
            if (r.getUUID("id") != null) {
              messages.add(Message.from(r));
            }
          }
          long reach = messages.size() == limit ? messages.get(limit - 1).seq()
              : untilSeq != null ? untilSeq - 1 : channelLast;
          return new Page(messages, Math.max(afterSeq, reach));
        });
  }

  /** A page of a channel for one subscriber, and the seq up to which it is complete. */
  public record Page(List<Message> messages, long coveredThrough) {
  }

  public Future<Optional<Message>> edit(UUID childId, UUID id, UUID sender, byte[] textSealed) {
    return pool.preparedQuery("UPDATE team_message SET text_ct = $4, version = version + 1, edited_at = now()"
            + " WHERE child_id = $1 AND id = $2 AND sender_subject = $3 AND redacted_at IS NULL RETURNING " + Message.COLUMNS)
        .execute(Tuple.of(childId, id, sender, Buffer.buffer(textSealed)))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Message.from(rows.iterator().next())));
  }

  public Future<Optional<Message>> redact(UUID childId, UUID id, UUID sender) {
    return pool.preparedQuery("UPDATE team_message SET text_ct = NULL, version = version + 1, redacted_at = now()"
            + " WHERE child_id = $1 AND id = $2 AND sender_subject = $3 AND redacted_at IS NULL RETURNING " + Message.COLUMNS)
        .execute(Tuple.of(childId, id, sender))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Message.from(rows.iterator().next())));
  }

  public Future<Void> markRead(UUID childId, UUID subject, String username, long seq) {
    return pool.preparedQuery("""
            INSERT INTO team_read_marker (child_id, subject, username, seq) VALUES ($1, $2, $3, $4)
            ON CONFLICT (child_id, subject) DO UPDATE SET seq = GREATEST(team_read_marker.seq, EXCLUDED.seq), updated_at = now()""")
        .execute(Tuple.of(childId, subject, username, seq)).mapEmpty();
  }

  /**
   * The read markers of a channel. With {@code historyFrom} (a ChildContact who took over without
   * consent) only the markers of memberships that caller sees in the team, moved since then: a
   * marker of someone who was there before would tell that they were.
   */
  public Future<List<ReadMarker>> readMarkers(UUID childId, Instant historyFrom) {
    return pool.preparedQuery("""
            SELECT r.username, r.seq, r.updated_at FROM team_read_marker r
            WHERE r.child_id = $1
              AND ($2::timestamptz IS NULL OR (r.updated_at >= $2 AND EXISTS (
                    SELECT 1 FROM team_member m
                    WHERE m.child_id = r.child_id AND m.subject = r.subject AND m.ended_at IS NULL
                      AND (m.role = 'CHILD_CONTACT' OR m.added_at >= $2))))
            ORDER BY r.username""")
        .mapping(r -> new ReadMarker(r.getString("username"), r.getLong("seq"), r.getOffsetDateTime("updated_at").toInstant()))
        .execute(Tuple.of(childId, historyFrom == null ? null : OffsetDateTime.ofInstant(historyFrom, ZoneOffset.UTC)))
        .map(Rows::list);
  }

  public Future<Long> lastSeq(UUID childId) {
    return pool.preparedQuery("SELECT last_seq FROM team_channel WHERE child_id = $1").execute(Tuple.of(childId))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("last_seq"));
  }

}
