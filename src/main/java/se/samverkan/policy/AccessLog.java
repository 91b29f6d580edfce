package se.samverkan.policy;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import se.samverkan.identity.Principal;

/**
 * The access log (loggkontroll): who touched which child's information, when, for what purpose,
 * and whether it was allowed. Rows name the child by id only; the table is append-only.
 */
public final class AccessLog {

  public enum Outcome { GRANTED, DENIED }

  private final Pool pool;

  public AccessLog(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> append(Principal who, String action, UUID childId, String purpose, Outcome outcome) {
    return SqlTemplate.forUpdate(pool, """
            INSERT INTO access_log (subject, username, organisation, action, child_id, purpose, outcome)
            VALUES (#{subject}, #{username}, #{organisation}, #{action}, #{child}, #{purpose}, #{outcome})""")
        .execute(row(who, action, childId, purpose, outcome))
        .mapEmpty();
  }

  /** One row per child, in one statement (listing children reads each of them). */
  public Future<Void> appendAll(Principal who, String action, List<UUID> childIds, String purpose) {
    if (childIds.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (UUID child : childIds) {
      rows.add(row(who, action, child, purpose, Outcome.GRANTED));
    }
    return SqlTemplate.forUpdate(pool, """
            INSERT INTO access_log (subject, username, organisation, action, child_id, purpose, outcome)
            VALUES (#{subject}, #{username}, #{organisation}, #{action}, #{child}, #{purpose}, #{outcome})""")
        .executeBatch(rows)
        .mapEmpty();
  }

  private static Map<String, Object> row(Principal who, String action, UUID childId, String purpose, Outcome outcome) {
    Map<String, Object> row = new HashMap<>();
    row.put("subject", UUID.fromString(who.subject()));
    row.put("username", who.username());
    row.put("organisation", who.organisation().orElse(null));
    row.put("action", action);
    row.put("child", childId);
    row.put("purpose", purpose);
    row.put("outcome", outcome.name());
    return row;
  }

  /** Loggkontroll query; newest first. */
  public Future<JsonArray> query(UUID child, String username, OffsetDateTime from, OffsetDateTime to, int limit) {
    Map<String, Object> params = new HashMap<>();
    params.put("child", child);
    params.put("username", username);
    params.put("from", from);
    params.put("to", to);
    params.put("limit", limit);
    return SqlTemplate.forQuery(pool, """
            SELECT id, at, username, organisation, action, child_id, purpose, outcome FROM access_log
            WHERE (#{child}::uuid IS NULL OR child_id = #{child})
              AND (#{username}::text IS NULL OR username = #{username})
              AND (#{from}::timestamptz IS NULL OR at >= #{from})
              AND (#{to}::timestamptz IS NULL OR at < #{to})
            ORDER BY id DESC LIMIT #{limit}""")
        .execute(params)
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            out.add(new JsonObject()
                .put("id", r.getLong("id"))
                .put("at", r.getOffsetDateTime("at").toInstant().toString())
                .put("username", r.getString("username"))
                .put("organisation", r.getString("organisation"))
                .put("action", r.getString("action"))
                .put("childId", r.getUUID("child_id") == null ? null : r.getUUID("child_id").toString())
                .put("purpose", r.getString("purpose"))
                .put("outcome", r.getString("outcome")));
          }
          return out;
        });
  }
}
