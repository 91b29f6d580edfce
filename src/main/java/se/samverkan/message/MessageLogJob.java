package se.samverkan.message;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.config.AppConfig;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.KeyVault;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.Organisation;
import se.samverkan.policy.ConsentRule;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.sharinglog.Disclosure;
import se.samverkan.sharinglog.SharingLog;

/**
 * Writes team messages to the sharing log one channel-hour at a time: after each hour in which a
 * channel had messages, an entry says how many were written, by whom, and who could read them
 * under which consent — what the family needs to know, without a log entry (and a global lock) per
 * message. Pending hours live in {@code team_message_window}, so an entry is written even after a
 * crash; several nodes can run the job (rows are claimed with SKIP LOCKED). An hour is written
 * within about a minute after it ends (by the database's clock).
 *
 * <p>Readers are the members who were in the team when at least one of the hour's messages was
 * sent, and under a consent in force then (the ChildContact needs none). Members under different
 * consents get one entry per consent, each naming it as the legal basis.
 */
public final class MessageLogJob extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MessageLogJob.class);
  /** Flushes the windows that began before the given instant (ISO-8601); for operations and tests. */
  public static final String FLUSH_ADDRESS = "samverkan.message-log.flush";
  private static final Duration INTERVAL = Duration.ofMinutes(1);
  private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.forLanguageTag("sv"));
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

  private final Pool pool;
  private final KeyVault keys;
  private final SharingLog sharingLog;
  private final AppConfig.Oidc oidc;
  private KeycloakDirectory directory;
  private long timer = -1;
  private MessageConsumer<String> flushes;
  private Future<Integer> running = Future.succeededFuture(0);

  public MessageLogJob(Pool pool, KeyVault keys, SharingLog sharingLog, AppConfig.Oidc oidc) {
    this.pool = pool;
    this.keys = keys;
    this.sharingLog = sharingLog;
    this.oidc = oidc;
  }

  @Override
  public Future<?> start() {
    directory = KeycloakDirectory.create(vertx, oidc);
    timer = vertx.setPeriodic(INTERVAL.toMillis(), t -> flushEndedHours());
    flushes = vertx.eventBus().consumer(FLUSH_ADDRESS, m -> flush(Instant.parse(m.body()))
        .onSuccess(m::reply)
        .onFailure(err -> m.fail(500, err.getMessage())));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return flushes.unregister();
  }

  private void flushEndedHours() {
    flush(null).onFailure(err -> LOG.warn("Writing team messages to the sharing log failed: {}", err.getMessage()));
  }

  /**
   * Writes an entry for every pending window that began before {@code cutoff} (null: the hours that
   * have ended by the database's clock, the one that stamps the messages); returns how many. A cutoff
   * in the future also closes the current hour — for tests and operations; messages sent later in
   * that hour are then not logged.
   */
  Future<Integer> flush(Instant cutoff) {
    // One flush at a time per node; the next waits for the previous.
    running = running.transform(x -> flushBatch(cutoff, 0));
    return running;
  }

  private Future<Integer> flushBatch(Instant cutoff, int done) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
                SELECT child_id, window_start FROM team_message_window
                WHERE log_index IS NULL AND window_start < COALESCE($1, date_trunc('hour', now()))
                ORDER BY window_start LIMIT 1 FOR UPDATE SKIP LOCKED""")
            .execute(Tuple.of(cutoff == null ? null : OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(false);
              }
              Row row = rows.iterator().next();
              return writeWindow(tx, row.getUUID("child_id"), row.getOffsetDateTime("window_start").toInstant()).map(true);
            }))
        .compose(wrote -> wrote ? flushBatch(cutoff, done + 1) : Future.succeededFuture(done));
  }

  /**
   * A send of this hour may still be committing: it holds the channel row from the moment its
   * message was stamped until it commits. Taking that row's lock (and letting go at once, in a
   * statement of its own) waits for such sends; any later send is stamped after the hour.
   */
  private Future<Void> inFlightSendsCommitted(UUID childId) {
    return pool.preparedQuery("SELECT 1 FROM team_channel WHERE child_id = $1 FOR SHARE")
        .execute(Tuple.of(childId)).mapEmpty();
  }

  // Who read the hour's messages: each member while a consent covering them was in force at the
  // moment a message was sent (ConsentRule's form for a moment past), the newest such consent their basis.
  private static final String READERS = """
      SELECT DISTINCT ON (m.username) m.username, m.display_name, m.organisation, m.role, k.consent_id
      FROM team_member m
      LEFT JOIN LATERAL (
          SELECT k.id AS consent_id FROM consent k
          LEFT JOIN consent_withdrawal w ON w.consent_id = k.id
          WHERE k.child_id = $1 AND %1$s
            AND %2$s
            AND EXISTS (SELECT 1 FROM team_message t
                        WHERE t.child_id = $1 AND t.sent_at >= $2 AND t.sent_at < $3
                          AND t.sent_at >= m.added_at AND (m.ended_at IS NULL OR t.sent_at < m.ended_at)
                          AND %3$s)
          ORDER BY k.recorded_at DESC LIMIT 1) k ON true
      WHERE m.child_id = $1 AND m.added_at < $3 AND (m.ended_at IS NULL OR m.ended_at > $2)
        AND (k.consent_id IS NOT NULL
             OR (m.role = 'CHILD_CONTACT' AND EXISTS (
                   SELECT 1 FROM team_message t
                   WHERE t.child_id = $1 AND t.sent_at >= $2 AND t.sent_at < $3
                     AND t.sent_at >= m.added_at AND (m.ended_at IS NULL OR t.sent_at < m.ended_at))))
      ORDER BY m.username, (k.consent_id IS NULL), m.added_at DESC""".formatted(
      ConsentRule.levelSql("k", ConsentLevel.WRITTEN_UPDATED), ConsentRule.coversSql("k", "m.username", "m.organisation"),
      ConsentRule.inForceAtSql("k", "w", "t.sent_at"));

  private Future<Void> writeWindow(SqlClient tx, UUID childId, Instant start) {
    Instant end = start.plus(Duration.ofHours(1));
    OffsetDateTime from = OffsetDateTime.ofInstant(start, ZoneOffset.UTC);
    OffsetDateTime until = OffsetDateTime.ofInstant(end, ZoneOffset.UTC);
    return inFlightSendsCommitted(childId).compose(barrier -> {
      Future<List<Row>> senders = rows(tx.preparedQuery("""
              SELECT sender_name, count(*) AS n FROM team_message
              WHERE child_id = $1 AND sent_at >= $2 AND sent_at < $3 GROUP BY sender_name ORDER BY sender_name""")
          .execute(Tuple.of(childId, from, until)));
      Future<List<Row>> readers = rows(tx.preparedQuery(READERS).execute(Tuple.of(childId, from, until)));
      return Future.all(senders, readers, directory.organisationNames(), keys.keyFor(childId));
    }).compose(all -> {
      List<Row> writers = all.resultAt(0);
      List<Row> readers = all.resultAt(1);
      Map<String, Organisation> orgs = all.resultAt(2);
      DataKey key = all.resultAt(3);
      long count = writers.stream().mapToLong(r -> r.getLong("n")).sum();
      List<String> writerNames = writers.stream().map(r -> r.getString("sender_name")).toList();
      var local = start.atZone(SWEDEN);
      String what = count + (count == 1 ? " meddelande" : " meddelanden") + " skrevs i barnets team den "
          + DAY.format(local) + " mellan kl. " + HOUR.format(local) + " och " + HOUR.format(end.atZone(SWEDEN))
          + " (av " + String.join(", ", new LinkedHashSet<>(writerNames)) + ").";

      // The ChildContact reads as the one responsible, under no consent: named in every entry.
      List<Row> contacts = readers.stream().filter(r -> "CHILD_CONTACT".equals(r.getString("role"))).toList();
      Map<UUID, List<Row>> byConsent = new TreeMap<>();
      for (Row r : readers) {
        if (!"CHILD_CONTACT".equals(r.getString("role"))) {
          byConsent.computeIfAbsent(r.getUUID("consent_id"), k -> new ArrayList<>()).add(r);
        }
      }
      List<Disclosure> entries = new ArrayList<>();
      if (byConsent.isEmpty()) {
        entries.add(disclosure(childId, start, what, contacts, orgs, new Disclosure.LegalBasis(Disclosure.BasisType.CARE_MODEL, null)));
      }
      byConsent.forEach((consentId, members) -> {
        List<Row> group = new ArrayList<>(contacts);
        group.addAll(members);
        group.sort(java.util.Comparator.comparing(r -> r.getString("username")));
        entries.add(disclosure(childId, start, what, group, orgs, Disclosure.LegalBasis.consent(consentId)));
      });
      Future<Long> logged = Future.succeededFuture(-1L);
      for (Disclosure d : entries) {
        logged = logged.compose(previous -> sharingLog.append(tx, key, d).map(SharingLog.Entry::logIndex));
      }
      return logged;
    }).compose(logIndex -> tx.preparedQuery("UPDATE team_message_window SET log_index = $3 WHERE child_id = $1 AND window_start = $2")
        .execute(Tuple.of(childId, from, logIndex)).mapEmpty());
  }

  private static Disclosure disclosure(UUID childId, Instant start, String what, List<Row> readers,
      Map<String, Organisation> orgs, Disclosure.LegalBasis basis) {
    List<Disclosure.Person> persons = new ArrayList<>();
    Map<String, Disclosure.Organisation> organisations = new LinkedHashMap<>();
    for (Row m : readers) {
      String alias = m.getString("organisation");
      Disclosure.Organisation org = alias == null ? null
          : new Disclosure.Organisation(alias, orgs.containsKey(alias) ? orgs.get(alias).name() : alias);
      persons.add(new Disclosure.Person(m.getString("username"), m.getString("display_name"), org));
      if (org != null) {
        organisations.putIfAbsent(alias, org);
      }
    }
    return Disclosure.teamMessages(childId, "team-messages:" + start, what,
        new Disclosure.Recipients(persons, new ArrayList<>(organisations.values())),
        "Samordning av stödet i barnets team (Individuellt barnteam)", basis,
        new Disclosure.Person("samverkan", "Samverkan (teamkanalen)", null));
  }

  private static Future<List<Row>> rows(Future<io.vertx.sqlclient.RowSet<Row>> query) {
    return query.map(rs -> {
      List<Row> out = new ArrayList<>();
      rs.forEach(out::add);
      return out;
    });
  }
}
