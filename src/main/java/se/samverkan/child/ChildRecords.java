package se.samverkan.child;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What other features may do with a child's row, in their own transactions: read it, lock it while
 * they change what depends on it (consent, team), read its guardians, and clear or set the support
 * coordinator when the team changes. Everything else about a child goes through {@link ChildService}.
 */
public final class ChildRecords {

  private final ChildRepository children;

  public ChildRecords(Pool pool) {
    this.children = new ChildRepository(pool);
  }

  public Future<Optional<ChildRecord>> find(SqlClient client, UUID childId) {
    return children.find(client, childId);
  }

  /** The child's row, locked until the transaction ends: changes to its consent and team are serialised on it. */
  public Future<ChildRecord> lock(SqlClient tx, UUID childId) {
    return children.lock(tx, childId);
  }

  public Future<List<GuardianRow>> guardians(UUID childId) {
    return children.guardians(childId);
  }

  /** Sets (or with nulls clears) the support coordinator. */
  public Future<Void> setCoordinator(SqlClient tx, UUID childId, UUID subject, String username) {
    return children.setCoordinator(tx, childId, subject, username);
  }
}
