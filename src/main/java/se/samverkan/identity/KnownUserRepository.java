package se.samverkan.identity;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.util.Map;
import java.util.UUID;

/** Remembers who has used Samverkan (subject and username, first and last seen). */
public final class KnownUserRepository {

  private final Pool pool;

  public KnownUserRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> recordSeen(Principal principal) {
    return SqlTemplate.forUpdate(pool, """
            INSERT INTO known_user (subject, username) VALUES (#{subject}, #{username})
            ON CONFLICT (subject) DO UPDATE SET username = EXCLUDED.username, last_seen_at = now()""")
        .execute(Map.of("subject", UUID.fromString(principal.subject()), "username", principal.username()))
        .mapEmpty();
  }
}
