package se.samverkan.policy;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import se.samverkan.identity.Principal;
import se.samverkan.store.Rows;

/**
 * The security team's own audit (issue 13 point 7): every change an admin makes is one append-only
 * row in {@code security_audit} (who, from which organisation, what, to whom, why, when), readable by
 * the security admins whose scope covers the target's organisation.
 */
public final class SecurityAudit {

  /** What a security admin changed; the log name is what the row says. */
  public enum AdminAction {
    USER_LOGOUT("user.logout"),
    USER_DISABLE("user.disable"),
    USER_ENABLE("user.enable"),
    ROLE_GRANT("role.grant"),
    ROLE_REVOKE("role.revoke");

    private final String logName;

    AdminAction(String logName) {
      this.logName = logName;
    }

    public String logName() {
      return logName;
    }

    static AdminAction fromLogName(String name) {
      for (AdminAction a : values()) {
        if (a.logName.equals(name)) {
          return a;
        }
      }
      throw new IllegalArgumentException("unknown admin action " + name);
    }
  }

  /** One audit row as another security admin reads it. */
  public record Entry(Instant at, String actor, String actorOrganisation, AdminAction action, String target,
                      String targetOrganisation, String reason) {
    public Entry {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(target, "target");
    }

    static Entry from(Row r) {
      return new Entry(r.getOffsetDateTime("at").toInstant(), r.getString("actor_username"),
          r.getString("actor_organisation"), AdminAction.fromLogName(r.getString("action")), r.getString("target"),
          r.getString("target_organisation"), r.getString("reason"));
    }
  }

  private static final String INSERT = """
      INSERT INTO security_audit (actor_subject, actor_username, actor_organisation, action, target,
                                  target_organisation, reason)
      VALUES (#{actorSubject}, #{actor}, #{actorOrganisation}, #{action}, #{target}, #{targetOrganisation}, #{reason})""";

  private final Pool pool;

  public SecurityAudit(Pool pool) {
    this.pool = pool;
  }

  /** Writes one row; the target is a username (or another identifier of what changed), never a secret. */
  public Future<Void> record(Principal actor, AdminAction action, String target, String targetOrganisation,
                             String reason) {
    Map<String, Object> row = new HashMap<>();
    row.put("actorSubject", UUID.fromString(actor.subject()));
    row.put("actor", actor.username());
    row.put("actorOrganisation", actor.organisation().orElse(null));
    row.put("action", action.logName());
    row.put("target", target);
    row.put("targetOrganisation", targetOrganisation);
    row.put("reason", reason);
    return SqlTemplate.forUpdate(pool, INSERT).execute(row).mapEmpty();
  }

  /**
   * Rows of the period, newest first, restricted to target organisation {@code organisation} when it
   * is not null (a scope's {@link AdminScope#filter()}).
   */
  public Future<List<Entry>> entries(String organisation, Instant from, Instant to, int limit) {
    Map<String, Object> params = new HashMap<>();
    params.put("organisation", organisation);
    params.put("from", from == null ? null : OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
    params.put("to", to == null ? null : OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
    params.put("limit", limit);
    return SqlTemplate.forQuery(pool, """
            SELECT at, actor_username, actor_organisation, action, target, target_organisation, reason
            FROM security_audit
            WHERE (#{organisation}::text IS NULL OR target_organisation = #{organisation})
              AND (#{from}::timestamptz IS NULL OR at >= #{from})
              AND (#{to}::timestamptz IS NULL OR at < #{to})
            ORDER BY id DESC LIMIT #{limit}""")
        .mapTo(Entry::from)
        .execute(params)
        .map(Rows::list);
  }
}
