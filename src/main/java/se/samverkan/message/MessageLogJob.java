package se.samverkan.message;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
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
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.Application;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.Organisation;
import se.samverkan.sharinglog.Disclosure;

/**
 * Writes team messages to the sharing log one channel-hour at a time: after each hour in which a
 * channel had messages, one entry says how many were written, by whom, and who could read them —
 * what the family needs to know, without a log entry (and a global lock) per message. Pending hours
 * live in {@code team_message_window}, so an entry is written even after a crash; several nodes can
 * run the job (rows are claimed with SKIP LOCKED).
 */
public final class MessageLogJob extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MessageLogJob.class);
  /** Flushes the windows that began before the given instant (ISO-8601); for operations and tests. */
  public static final String FLUSH_ADDRESS = "samverkan.message-log.flush";
  private static final Duration INTERVAL = Duration.ofMinutes(1);
  private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.forLanguageTag("sv"));
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

  private final Application.Shared shared;
  private KeycloakDirectory directory;
  private long timer = -1;
  private MessageConsumer<String> flushes;
  private Future<Integer> running = Future.succeededFuture(0);

  public MessageLogJob(Application.Shared shared) {
    this.shared = shared;
  }

  @Override
  public Future<?> start() {
    directory = KeycloakDirectory.create(vertx, shared.config().oidc());
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
    Instant currentHour = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    flush(currentHour).onFailure(err -> LOG.warn("Writing team messages to the sharing log failed: {}", err.getMessage()));
  }

  /** Writes an entry for every pending window that began before {@code cutoff}; returns how many. */
  Future<Integer> flush(Instant cutoff) {
    // One flush at a time per node; the next waits for the previous.
    running = running.transform(x -> flushBatch(cutoff, 0));
    return running;
  }

  private Future<Integer> flushBatch(Instant cutoff, int done) {
    return shared.pool().withTransaction(tx -> tx.preparedQuery("""
                SELECT child_id, window_start FROM team_message_window
                WHERE log_index IS NULL AND window_start < $1
                ORDER BY window_start LIMIT 1 FOR UPDATE SKIP LOCKED""")
            .execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(false);
              }
              Row row = rows.iterator().next();
              return writeWindow(tx, row.getUUID("child_id"), row.getOffsetDateTime("window_start").toInstant()).map(true);
            }))
        .compose(wrote -> wrote ? flushBatch(cutoff, done + 1) : Future.succeededFuture(done));
  }

  private Future<Void> writeWindow(SqlClient tx, UUID childId, Instant start) {
    Instant end = start.plus(Duration.ofHours(1));
    OffsetDateTime from = OffsetDateTime.ofInstant(start, ZoneOffset.UTC);
    OffsetDateTime until = OffsetDateTime.ofInstant(end, ZoneOffset.UTC);
    Future<List<Row>> senders = rows(tx.preparedQuery("""
            SELECT sender_name, count(*) AS n FROM team_message
            WHERE child_id = $1 AND sent_at >= $2 AND sent_at < $3 GROUP BY sender_name ORDER BY sender_name""")
        .execute(Tuple.of(childId, from, until)));
    Future<List<Row>> readers = rows(tx.preparedQuery("""
            SELECT DISTINCT username, display_name, organisation FROM team_member
            WHERE child_id = $1 AND added_at < $3 AND (ended_at IS NULL OR ended_at > $2) ORDER BY username""")
        .execute(Tuple.of(childId, from, until)));
    return Future.all(senders, readers, directory.organisations().otherwise(Map.of()), shared.keyVault().keyFor(childId))
        .compose(all -> {
          List<Row> writers = all.resultAt(0);
          List<Row> members = all.resultAt(1);
          Map<String, Organisation> orgs = all.resultAt(2);
          long count = writers.stream().mapToLong(r -> r.getLong("n")).sum();
          List<String> writerNames = writers.stream().map(r -> r.getString("sender_name")).toList();
          List<Disclosure.Person> persons = new ArrayList<>();
          Map<String, Disclosure.Organisation> organisations = new LinkedHashMap<>();
          for (Row m : members) {
            String alias = m.getString("organisation");
            Disclosure.Organisation org = alias == null ? null
                : new Disclosure.Organisation(alias, orgs.containsKey(alias) ? orgs.get(alias).name() : alias);
            persons.add(new Disclosure.Person(m.getString("username"), m.getString("display_name"), org));
            if (org != null) {
              organisations.putIfAbsent(alias, org);
            }
          }
          var local = start.atZone(SWEDEN);
          String what = count + (count == 1 ? " meddelande" : " meddelanden") + " skrevs i barnets team den "
              + DAY.format(local) + " mellan kl. " + HOUR.format(local) + " och " + HOUR.format(end.atZone(SWEDEN))
              + " (av " + String.join(", ", new LinkedHashSet<>(writerNames)) + ").";
          Disclosure disclosure = new Disclosure(childId, Disclosure.Category.TEAM_MESSAGES, what,
              "team-messages:" + start,
              persons, new ArrayList<>(organisations.values()),
              "Samordning av stödet i barnets team (Individuellt barnteam)",
              // Each reader is in the team under a consent of their own (see their TEAM_MEMBERSHIP entries).
              new Disclosure.LegalBasis(Disclosure.BasisType.CONSENT, null),
              new Disclosure.Person("samverkan", "Samverkan (teamkanalen)", null),
              true, null);
          return shared.sharingLog().append(tx, all.resultAt(3), disclosure);
        })
        .compose(entry -> tx.preparedQuery("UPDATE team_message_window SET log_index = $3 WHERE child_id = $1 AND window_start = $2")
            .execute(Tuple.of(childId, from, entry.logIndex())).mapEmpty());
  }

  private static Future<List<Row>> rows(Future<io.vertx.sqlclient.RowSet<Row>> query) {
    return query.map(rs -> {
      List<Row> out = new ArrayList<>();
      rs.forEach(out::add);
      return out;
    });
  }
}
