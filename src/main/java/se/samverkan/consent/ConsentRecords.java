package se.samverkan.consent;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.UUID;

/**
 * The child's consents as other features read them (team, meetings), newest first: read only.
 * Recording and withdrawing go through {@link ConsentService}.
 */
public final class ConsentRecords {

  private final ConsentRepository consents;

  public ConsentRecords(Pool pool) {
    this.consents = new ConsentRepository(pool);
  }

  public Future<List<ConsentRecord>> ofChild(SqlClient client, UUID childId) {
    return consents.ofChild(client, childId);
  }

  public Future<List<ConsentRecord>> ofChild(UUID childId) {
    return consents.ofChild(childId);
  }
}
