package se.samverkan.child;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.shared.ConsentLevel;

/**
 * The consent that lets a handover's new ChildContact see the child's past. The rule is consent's
 * (its repository implements this); child asks through this port so that it need not import consent,
 * which depends on child.
 */
public interface HandoverConsent {

  /** The id of the consent in force covering the person (by name or organisation) at least at {@code needed}. */
  Future<Optional<UUID>> coveringConsentId(SqlClient client, UUID childId, String username, String organisation,
      ConsentLevel needed);
}
