package se.samverkan.policy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.identity.Principal;
import se.samverkan.store.Rows;

/**
 * The access log (loggkontroll): who touched which child's information, when, for what purpose,
 * and whether it was allowed. Rows name the child by id only; the table is append-only.
 *
 * <p>Every grant is a row of its own. Refusals are folded ({@link DenialFolds}): the first of a kind
 * is written at once, identical ones within {@link #FOLD_WINDOW} become one later row with their
 * count, so that refusals cannot be used to fill the undeletable table. A refusal for a child that
 * does not exist names no child: made-up ids identify nobody, and would otherwise each be a kind.
 * Counts not yet written are written on {@link #close()}; a crash loses the counts of at most the
 * last two windows (a window and the sweep's lag), never the first refusal of a kind.
 */
public final class AccessLog {

  public enum Outcome { GRANTED, DENIED }

  /**
   * One row as loggkontroll reads it. A refusal folded with identical ones stands for {@code count}
   * of them; a refusal of a child that does not exist names none.
   */
  public record Entry(long id, Instant at, String username, String organisation, String action, UUID childId,
                      String purpose, Outcome outcome, int count, ActionKind kind, String unit) {
    public Entry {
      if (at == null || username == null || action == null || outcome == null || count < 1) {
        throw new IllegalArgumentException("an access-log entry has a time, a user, an action, an outcome and a count");
      }
    }

    static Entry from(Row r) {
      return new Entry(r.getLong("id"), r.getOffsetDateTime("at").toInstant(), r.getString("username"),
          r.getString("organisation"), r.getString("action"), r.getUUID("child_id"), r.getString("purpose"),
          Outcome.valueOf(r.getString("outcome")), r.getInteger("occurrences"),
          r.getString("kind") == null ? null : ActionKind.valueOf(r.getString("kind")), r.getString("unit"));
    }
  }

  /**
   * A loggkontroll query; every part optional (null) but the limit.
   *
   * @param organisation the organisation of the staff who made the accesses (the scope)
   */
  public record Filter(UUID child, String username, String organisation, ActionKind kind, OffsetDateTime from,
                       OffsetDateTime to, int limit) {
    public Filter {
      if (limit < 1) {
        throw new IllegalArgumentException("a loggkontroll query reads at least one row");
      }
    }
  }

  static final String COLUMNS = "id, at, username, organisation, action, child_id, purpose, outcome, occurrences, kind, unit";
  static final String WHERE = """
      WHERE (#{child}::uuid IS NULL OR child_id = #{child})
        AND (#{username}::text IS NULL OR username = #{username})
        AND (#{organisation}::text IS NULL OR organisation = #{organisation})
        AND (#{kind}::text IS NULL OR kind = #{kind})
        AND (#{from}::timestamptz IS NULL OR at >= #{from})
        AND (#{to}::timestamptz IS NULL OR at < #{to})""";

  public static final Duration FOLD_WINDOW = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);

  private static final String INSERT = """
      INSERT INTO access_log (subject, username, organisation, action, child_id, purpose, outcome, occurrences, kind, unit)
      VALUES (#{subject}, #{username}, #{organisation}, #{action}, #{child}, #{purpose}, #{outcome}, #{occurrences},
              #{kind}, #{unit})""";

  private final Pool pool;
  private final DenialFolds folds = new DenialFolds(FOLD_WINDOW);
  // The kind of each refused action by its stored name: folded refusals carry only the name.
  private final Map<String, ActionKind> refusedKinds = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final long sweep;

  /** Folded counts are written when the next identical refusal comes, or on {@link #close()}. */
  public AccessLog(Pool pool) {
    this.pool = pool;
    this.vertx = null;
    this.sweep = -1;
  }

  /** As {@link #AccessLog(Pool)}, and writes folded counts once their window has passed. */
  public AccessLog(Pool pool, Vertx vertx) {
    this.pool = pool;
    this.vertx = vertx;
    this.sweep = vertx.setPeriodic(FOLD_WINDOW.toMillis(), id -> writeFolded(false)
        .onFailure(err -> LOG.warn("Could not write the counts of folded refusals: {}", err.getMessage())));
  }

  public Future<Void> append(Principal who, LoggedAction action, UUID childId, String purpose, Outcome outcome) {
    if (outcome == Outcome.DENIED) {
      return refused(who, action, childId);
    }
    return SqlTemplate.forUpdate(pool, INSERT)
        .execute(row(who, action, childId, purpose, outcome, 1))
        .mapEmpty();
  }

  /** One row per child, in one statement (listing children reads each of them). */
  public Future<Void> appendAll(Principal who, LoggedAction action, List<UUID> childIds, String purpose) {
    if (childIds.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (UUID child : childIds) {
      rows.add(row(who, action, child, purpose, Outcome.GRANTED, 1));
    }
    return SqlTemplate.forUpdate(pool, INSERT)
        .executeBatch(rows)
        .mapEmpty();
  }

  /** Writes every count not yet written and stops the sweep. */
  public Future<Void> close() {
    if (vertx != null) {
      vertx.cancelTimer(sweep);
    }
    return writeFolded(true);
  }

  private Future<Void> refused(Principal who, LoggedAction action, UUID childId) {
    return existing(childId).compose(child -> {
      refusedKinds.putIfAbsent(action.logName(), Objects.requireNonNull(action.kind(), action.logName()));
      DenialFolds.Kind kind = new DenialFolds.Kind(UUID.fromString(who.subject()), who.username(),
          who.organisation().orElse(null), action.logName(), child);
      int count = folds.refused(kind, System.nanoTime());
      return count == 0 ? Future.succeededFuture() : write(List.of(new DenialFolds.Row(kind, count)));
    });
  }

  private Future<UUID> existing(UUID childId) {
    if (childId == null) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery("SELECT 1 FROM child WHERE id = $1").execute(Tuple.of(childId))
        .map(rows -> rows.size() > 0 ? childId : null);
  }

  private Future<Void> writeFolded(boolean everything) {
    return write(folds.close(System.nanoTime(), everything));
  }

  private Future<Void> write(List<DenialFolds.Row> denials) {
    if (denials.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (DenialFolds.Row denial : denials) {
      DenialFolds.Kind k = denial.kind();
      Map<String, Object> row = new HashMap<>();
      row.put("subject", k.subject());
      row.put("username", k.username());
      row.put("organisation", k.organisation());
      row.put("action", k.action());
      row.put("child", k.childId());
      row.put("purpose", null);
      row.put("outcome", Outcome.DENIED.name());
      row.put("occurrences", denial.count());
      ActionKind actionKind = refusedKinds.get(k.action());
      row.put("kind", actionKind == null ? null : actionKind.name());
      row.put("unit", null);
      rows.add(row);
    }
    return SqlTemplate.forUpdate(pool, INSERT).executeBatch(rows).mapEmpty();
  }

  private static Map<String, Object> row(Principal who, LoggedAction action, UUID childId, String purpose, Outcome outcome,
      int occurrences) {
    Map<String, Object> row = new HashMap<>();
    row.put("subject", UUID.fromString(who.subject()));
    row.put("username", who.username());
    row.put("organisation", who.organisation().orElse(null));
    row.put("action", action.logName());
    row.put("child", childId);
    row.put("purpose", purpose);
    row.put("outcome", outcome.name());
    row.put("occurrences", occurrences);
    row.put("kind", Objects.requireNonNull(action.kind(), action.logName()).name());
    // The HSA unit (commissionHsaId) arrives with Inera's IdP in a later round; until then none.
    row.put("unit", null);
    return row;
  }

  /** Loggkontroll query; newest first. */
  public Future<List<Entry>> query(Filter filter) {
    Map<String, Object> params = params(filter);
    params.put("limit", filter.limit());
    return SqlTemplate.forQuery(pool, "SELECT " + COLUMNS + " FROM access_log " + WHERE + " ORDER BY id DESC LIMIT #{limit}")
        .mapTo(Entry::from)
        .execute(params)
        .map(Rows::list);
  }

  /** Every row a filter matches, oldest first, without its limit (the export of a period). */
  public Future<List<Entry>> all(Filter filter) {
    return SqlTemplate.forQuery(pool, "SELECT " + COLUMNS + " FROM access_log " + WHERE + " ORDER BY id")
        .mapTo(Entry::from)
        .execute(params(filter))
        .map(Rows::list);
  }

  /** The ids of the rows a filter matches, ascending, without its limit: the population a review samples. */
  public Future<List<Long>> ids(Filter filter) {
    return SqlTemplate.forQuery(pool, "SELECT id FROM access_log " + WHERE + " ORDER BY id")
        .mapTo(r -> r.getLong("id"))
        .execute(params(filter))
        .map(Rows::list);
  }

  /** The rows with these ids, ascending. */
  public Future<List<Entry>> entries(List<Long> ids) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM access_log WHERE id = ANY($1) ORDER BY id")
        .mapping(Entry::from)
        .execute(Tuple.of(ids.toArray(Long[]::new)))
        .map(Rows::list);
  }

  /** The granted reads of a child by these users in a period, oldest first: the context of a review's flags. */
  public Future<List<Entry>> childReads(List<String> usernames, OffsetDateTime from, OffsetDateTime to) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM access_log WHERE username = ANY($1) AND at >= $2 AND at < $3"
            + " AND kind = 'READ' AND outcome = 'GRANTED' AND child_id IS NOT NULL ORDER BY at")
        .mapping(Entry::from)
        .execute(Tuple.of(usernames.toArray(String[]::new), from, to))
        .map(Rows::list);
  }

  static Map<String, Object> params(Filter filter) {
    Map<String, Object> params = new HashMap<>();
    params.put("child", filter.child());
    params.put("username", filter.username());
    params.put("organisation", filter.organisation());
    params.put("kind", filter.kind() == null ? null : filter.kind().name());
    params.put("from", filter.from());
    params.put("to", filter.to());
    return params;
  }
}
