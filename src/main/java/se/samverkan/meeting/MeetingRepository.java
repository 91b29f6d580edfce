package se.samverkan.meeting;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import se.samverkan.store.Rows;

/**
 * SQL for meetings, participants and the mail outbox. Statuses and answers written or compared are
 * bound from {@link MeetingStatus} and {@link Answer}; only the filters {@code status = 'SCHEDULED'}
 * stay literals, because they are the predicate of the partial indexes {@code meeting_upcoming} and
 * {@code meeting_reminder} (V4, V8), which the planner cannot match against a bound parameter.
 */
public final class MeetingRepository {

  private final Pool pool;

  public MeetingRepository(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  static OffsetDateTime utc(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static Buffer buf(byte[] b) {
    return b == null ? null : Buffer.buffer(b);
  }

  public Future<Void> insert(SqlClient tx, MeetingRecord m) {
    return tx.preparedQuery("""
            INSERT INTO meeting (id, child_id, kind, title_ct, location_ct, video_link_ct, agenda_ct, start_at, end_at,
                                 organiser_subject, organiser_username, organiser_name, organiser_org, reminder_at,
                                 organiser_email, ical_uid)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)""")
        .execute(Tuple.tuple(Arrays.asList(m.id(), m.childId(), m.kind().name(), buf(m.titleSealed()), buf(m.locationSealed()),
            buf(m.videoLinkSealed()), buf(m.agendaSealed()), utc(m.start()), utc(m.end()), m.organiserSubject(),
            m.organiserUsername(), m.organiserName(), m.organiserOrganisation(), utc(m.reminderAt()),
            m.organiserEmail(), m.icalUid())))
        .mapEmpty();
  }

  /**
   * Writes the changed fields; raises the iCalendar sequence when {@code newSequence} (a change the
   * attendees must see); reminders are re-armed when the time moves.
   */
  public Future<MeetingRecord> update(SqlClient tx, MeetingRecord m, boolean timeMoved, boolean newSequence) {
    return tx.preparedQuery("""
            UPDATE meeting SET title_ct = $2, location_ct = $3, video_link_ct = $4, agenda_ct = $5, start_at = $6,
                   end_at = $7, sequence = sequence + CASE WHEN $10 THEN 1 ELSE 0 END, updated_at = now(), reminder_at = $8,
                   reminder_sent_at = CASE WHEN $9 THEN NULL ELSE reminder_sent_at END, kind = $11
            WHERE id = $1 RETURNING\s""" + MeetingRecord.COLUMNS)
        .execute(Tuple.tuple(Arrays.asList(m.id(), buf(m.titleSealed()), buf(m.locationSealed()), buf(m.videoLinkSealed()),
            buf(m.agendaSealed()), utc(m.start()), utc(m.end()), utc(m.reminderAt()), timeMoved, newSequence, m.kind().name())))
        .map(rows -> MeetingRecord.from(rows.iterator().next()));
  }

  public Future<MeetingRecord> cancel(SqlClient tx, UUID id) {
    return tx.preparedQuery("UPDATE meeting SET status = $2, sequence = sequence + 1, updated_at = now() "
            + "WHERE id = $1 RETURNING " + MeetingRecord.COLUMNS)
        .execute(Tuple.of(id, MeetingStatus.CANCELLED.name()))
        .map(rows -> MeetingRecord.from(rows.iterator().next()));
  }

  public Future<Void> setNotes(UUID id, byte[] notesSealed) {
    return pool.preparedQuery("UPDATE meeting SET notes_ct = $2, updated_at = now() WHERE id = $1")
        .execute(Tuple.of(id, buf(notesSealed))).mapEmpty();
  }

  public Future<Optional<MeetingRecord>> find(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + MeetingRecord.COLUMNS + " FROM meeting WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(MeetingRecord.from(rows.iterator().next())));
  }

  public Future<MeetingRecord> lock(SqlClient tx, UUID id) {
    return tx.preparedQuery("SELECT " + MeetingRecord.COLUMNS + " FROM meeting WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
        .map(rows -> MeetingRecord.from(rows.iterator().next()));
  }

  /** The meetings taking up a child: its own, and standing Barnteam meetings that list it. */
  public Future<List<MeetingRecord>> ofChild(UUID childId) {
    return pool.preparedQuery("SELECT " + MeetingRecord.COLUMNS + " FROM meeting WHERE child_id = $1"
            + " OR id IN (SELECT meeting_id FROM meeting_child WHERE child_id = $1) ORDER BY start_at")
        .mapping(MeetingRecord::from).execute(Tuple.of(childId)).map(Rows::list);
  }

  /** A person's meetings (as organiser or invited with an account) that end after {@code since}. */
  public Future<List<MeetingRecord>> ofPerson(UUID subject, Instant since) {
    return pool.preparedQuery("SELECT " + MeetingRecord.COLUMNS + " FROM meeting WHERE end_at > $2 AND (organiser_subject = $1"
            + " OR id IN (SELECT meeting_id FROM meeting_participant WHERE subject = $1 AND removed_at IS NULL))"
            + " ORDER BY start_at")
        .mapping(MeetingRecord::from).execute(Tuple.of(subject, utc(since))).map(Rows::list);
  }

  public Future<Void> addChildren(SqlClient tx, UUID meetingId, List<UUID> children) {
    List<Tuple> batch = new ArrayList<>();
    children.forEach(c -> batch.add(Tuple.of(meetingId, c)));
    return batch.isEmpty() ? Future.succeededFuture()
        : tx.preparedQuery("INSERT INTO meeting_child (meeting_id, child_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .executeBatch(batch).mapEmpty();
  }

  public Future<Void> removeChildren(SqlClient tx, UUID meetingId, List<UUID> children) {
    return children.isEmpty() ? Future.succeededFuture()
        : tx.preparedQuery("DELETE FROM meeting_child WHERE meeting_id = $1 AND child_id = ANY($2)")
            .execute(Tuple.tuple().addUUID(meetingId).addArrayOfUUID(children.toArray(new UUID[0]))).mapEmpty();
  }

  /** The children a meeting takes up: its own child first, then the others by id. */
  public Future<List<UUID>> childrenOf(SqlClient client, UUID meetingId) {
    return client.preparedQuery("""
            SELECT mc.child_id FROM meeting_child mc JOIN meeting m ON m.id = mc.meeting_id
            WHERE mc.meeting_id = $1 ORDER BY mc.child_id <> m.child_id, mc.child_id""")
        .mapping(r -> r.getUUID("child_id"))
        .execute(Tuple.of(meetingId))
        .map(Rows::list);
  }

  public Future<Void> insertParticipant(SqlClient tx, ParticipantRecord p) {
    return tx.preparedQuery("""
            INSERT INTO meeting_participant (id, meeting_id, subject, username, display_name, name_ct, email_ct, role,
                                             organisation)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""")
        .execute(Tuple.tuple(Arrays.asList(p.id(), p.meetingId(), p.subject(), p.username(), p.displayName(),
            buf(p.nameSealed()), buf(p.emailSealed()), p.role().name(), p.organisation())))
        .mapEmpty();
  }

  public Future<List<ParticipantRecord>> participants(SqlClient client, UUID meetingId) {
    return client.preparedQuery("SELECT " + ParticipantRecord.COLUMNS
            + " FROM meeting_participant WHERE meeting_id = $1 ORDER BY added_at, id")
        .mapping(ParticipantRecord::from)
        .execute(Tuple.of(meetingId))
        .map(Rows::list);
  }

  public Future<Optional<ParticipantRecord>> participant(SqlClient client, UUID participantId) {
    return client.preparedQuery("SELECT " + ParticipantRecord.COLUMNS + " FROM meeting_participant WHERE id = $1")
        .execute(Tuple.of(participantId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(ParticipantRecord.from(rows.iterator().next())));
  }

  /** Why a participant is no longer invited. */
  enum RemovedBy { ORGANISER, BASIS_LOST }

  public Future<Void> removeParticipant(SqlClient tx, UUID participantId) {
    return removeParticipant(tx, participantId, RemovedBy.ORGANISER);
  }

  Future<Void> removeParticipant(SqlClient tx, UUID participantId, RemovedBy reason) {
    return tx.preparedQuery("""
            UPDATE meeting_participant SET removed_at = now(), removed_reason = $2 WHERE id = $1 AND removed_at IS NULL""")
        .execute(Tuple.of(participantId, reason.name())).mapEmpty();
  }

  /**
   * The meetings still ahead that take up a child, locked in id order (so that two reconciliations
   * of children of one Barnteam meeting wait for each other instead of deadlocking).
   */
  Future<List<MeetingRecord>> lockUpcomingOfChild(SqlClient tx, UUID childId) {
    return tx.preparedQuery("SELECT " + MeetingRecord.COLUMNS + " FROM meeting WHERE status = 'SCHEDULED' AND end_at > now()"
            + " AND (child_id = $1 OR id IN (SELECT meeting_id FROM meeting_child WHERE child_id = $1)) ORDER BY id FOR UPDATE")
        .mapping(MeetingRecord::from).execute(Tuple.of(childId)).map(Rows::list);
  }

  /** The children that meetings still ahead take up: what the sweep reconciles. */
  Future<List<UUID>> childrenWithUpcomingMeetings() {
    return pool.query("""
            SELECT mc.child_id FROM meeting_child mc JOIN meeting m ON m.id = mc.meeting_id
            WHERE m.status = 'SCHEDULED' AND m.end_at > now()
            UNION SELECT child_id FROM meeting WHERE status = 'SCHEDULED' AND end_at > now()""")
        .mapping(r -> r.getUUID("child_id"))
        .execute()
        .map(Rows::list);
  }

  /** When a subject's membership of the child's team last ended: a removal ends a professional's invitations. */
  Future<Map<UUID, Instant>> endedMemberships(SqlClient client, UUID childId) {
    return client.preparedQuery("""
            SELECT subject, max(ended_at) AS ended_at FROM team_member
            WHERE child_id = $1 AND ended_at IS NOT NULL GROUP BY subject""")
        .collecting(Collectors.toMap(r -> r.getUUID("subject"), r -> r.getOffsetDateTime("ended_at").toInstant()))
        .execute(Tuple.of(childId))
        .map(SqlResult::value);
  }

  public Future<Void> resetAnswers(SqlClient tx, UUID meetingId) {
    return tx.preparedQuery("""
            UPDATE meeting_participant SET answer = $2, answer_version = answer_version + 1, answered_at = NULL
            WHERE meeting_id = $1 AND removed_at IS NULL AND answer <> $2""")
        .execute(Tuple.of(meetingId, Answer.NEEDS_ACTION.name())).mapEmpty();
  }

  /** Sets an answer; returns the participant after, and whether the answer changed. */
  public Future<ParticipantRecord> answer(UUID participantId, Answer answer) {
    return pool.preparedQuery("""
            UPDATE meeting_participant
            SET answer_version = answer_version + CASE WHEN answer = $2 THEN 0 ELSE 1 END,
                answered_at = CASE WHEN answer = $2 THEN answered_at ELSE now() END,
                answer = $2
            WHERE id = $1 AND removed_at IS NULL RETURNING\s""" + ParticipantRecord.COLUMNS)
        .execute(Tuple.of(participantId, answer.name()))
        .map(rows -> rows.size() == 0 ? null : ParticipantRecord.from(rows.iterator().next()));
  }

  /** People among {@code usernames} with an accepted meeting (or one they organise) overlapping [start, end). */
  public Future<List<String>> busy(List<String> usernames, Instant start, Instant end, UUID exceptMeeting) {
    if (usernames.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery("""
            SELECT DISTINCT who FROM (
                SELECT p.username AS who FROM meeting_participant p JOIN meeting m ON m.id = p.meeting_id
                WHERE p.username = ANY($1) AND p.removed_at IS NULL AND p.answer = $5
                  AND m.status = 'SCHEDULED' AND m.start_at < $3 AND m.end_at > $2 AND m.id <> $4
                UNION
                SELECT m.organiser_username FROM meeting m
                WHERE m.organiser_username = ANY($1) AND m.status = 'SCHEDULED'
                  AND m.start_at < $3 AND m.end_at > $2 AND m.id <> $4) busy""")
        .mapping(r -> r.getString("who"))
        .execute(Tuple.tuple().addArrayOfString(usernames.toArray(new String[0])).addOffsetDateTime(utc(start))
            .addOffsetDateTime(utc(end)).addUUID(exceptMeeting == null ? new UUID(0, 0) : exceptMeeting)
            .addString(Answer.ACCEPTED.name()))
        .map(Rows::list);
  }

  // ------------------------------------------------------------ outbox

  public Future<Void> enqueue(SqlClient tx, UUID meetingId, UUID participantId, MailKind kind, int sequence) {
    return tx.preparedQuery("""
            INSERT INTO mail_outbox (id, meeting_id, participant_id, kind, sequence) VALUES ($1, $2, $3, $4, $5)""")
        .execute(Tuple.of(UUID.randomUUID(), meetingId, participantId, kind.name(), sequence)).mapEmpty();
  }

  /** Claims due mails for a while (so another node does not send them too). */
  public Future<List<Row>> claimDue(int max) {
    return pool.preparedQuery("""
            UPDATE mail_outbox SET claimed_until = now() + interval '2 minutes'
            WHERE id IN (SELECT id FROM mail_outbox
                         WHERE status = 'PENDING' AND next_attempt_at <= now()
                           AND (claimed_until IS NULL OR claimed_until < now())
                         ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
            RETURNING id, meeting_id, participant_id, kind, sequence, attempts""")
        .execute(Tuple.of(max))
        .map(Rows::list);
  }

  /** Whether this person already got an invitation (so the next one says what changed). */
  public Future<Boolean> hasSentRequest(UUID participantId) {
    return pool.preparedQuery("SELECT 1 FROM mail_outbox WHERE participant_id = $1 AND kind = 'REQUEST' AND status = 'SENT' LIMIT 1")
        .execute(Tuple.of(participantId)).map(rows -> rows.size() > 0);
  }

  /**
   * Whether an invitation may have reached this person: one was sent, or one is being or has been
   * tried (a send in flight may still succeed). Someone never informed is owed no cancellation.
   */
  Future<Boolean> mayHaveBeenInvited(SqlClient client, UUID participantId) {
    return client.preparedQuery("""
            SELECT 1 FROM mail_outbox WHERE participant_id = $1 AND kind = 'REQUEST'
              AND (status = 'SENT' OR claimed_until IS NOT NULL OR attempts > 0) LIMIT 1""")
        .execute(Tuple.of(participantId)).map(rows -> rows.size() > 0);
  }

  public Future<Void> markSent(UUID outboxId) {
    return pool.preparedQuery("UPDATE mail_outbox SET status = 'SENT', sent_at = now(), claimed_until = NULL WHERE id = $1")
        .execute(Tuple.of(outboxId)).mapEmpty();
  }

  public Future<Void> markSuperseded(UUID outboxId) {
    return pool.preparedQuery("UPDATE mail_outbox SET status = 'SUPERSEDED', claimed_until = NULL WHERE id = $1")
        .execute(Tuple.of(outboxId)).mapEmpty();
  }

  /** Gives a mail up for good: it is never claimed again, and the reason is what the organiser sees. */
  public Future<Void> markGivenUp(UUID outboxId, boolean attempted, String reason) {
    return pool.preparedQuery("""
            UPDATE mail_outbox SET status = 'FAILED', failed_at = now(), last_error = $2, claimed_until = NULL,
                   attempts = attempts + CASE WHEN $3 THEN 1 ELSE 0 END
            WHERE id = $1""")
        .execute(Tuple.of(outboxId, reason, attempted)).mapEmpty();
  }

  /** A failed attempt to be retried at {@code nextAttempt}. */
  public Future<Void> markFailed(UUID outboxId, Instant nextAttempt, String error) {
    return pool.preparedQuery("""
            UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3, claimed_until = NULL
            WHERE id = $1""")
        .execute(Tuple.of(outboxId, utc(nextAttempt), error)).mapEmpty();
  }

  /** Per participant: the state of the newest mail (PENDING/SENT/FAILED), for the delivery status. */
  public Future<List<Row>> deliveries(UUID meetingId) {
    return pool.preparedQuery("""
            SELECT DISTINCT ON (participant_id) participant_id, status, attempts, kind, last_error, next_attempt_at
            FROM mail_outbox WHERE meeting_id = $1 AND status <> 'SUPERSEDED'
            ORDER BY participant_id, created_at DESC""")
        .execute(Tuple.of(meetingId))
        .map(Rows::list);
  }

  /** Meetings whose reminder is due: claimed and marked in the caller's transaction. */
  public Future<List<MeetingRecord>> dueReminders(SqlClient tx) {
    return tx.query("SELECT " + MeetingRecord.COLUMNS + " FROM meeting WHERE reminder_sent_at IS NULL AND status = 'SCHEDULED'"
            + " AND reminder_at <= now() AND start_at > now() ORDER BY reminder_at LIMIT 50 FOR UPDATE SKIP LOCKED")
        .mapping(MeetingRecord::from).execute().map(Rows::list);
  }

  public Future<Void> markReminded(SqlClient tx, UUID meetingId) {
    return tx.preparedQuery("UPDATE meeting SET reminder_sent_at = now() WHERE id = $1").execute(Tuple.of(meetingId)).mapEmpty();
  }

}
