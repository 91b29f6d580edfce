package se.samverkan.child;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.SealLabel;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.Role;
import se.samverkan.policy.AccessPolicy.ChildAccess;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;
import se.samverkan.sharinglog.Disclosure;
import se.samverkan.sharinglog.SharingLog;

/**
 * A guardian's Keycloak account linked to a child: the account then reads, in the family view, what
 * was shared about the child and the consents on record. The link is a disclosure, so linking and
 * unlinking are each a sharing-log entry the family sees, written in the same transaction.
 *
 * <p>Only an account that matches the guardian on record is linked: Keycloak (never the request)
 * must know it as an enabled guardian's account whose verified e-mail address is the one recorded
 * for the guardian. The professional types the guardian's details; the directory confirms that the
 * account belongs to the person who is reached at that address.
 */
final class GuardianAccounts {

  private final Pool pool;
  private final KeycloakDirectory directory;
  private final ChildRepository children;
  private final SharingLog sharingLog;

  GuardianAccounts(Pool pool, KeycloakDirectory directory, ChildRepository children, SharingLog sharingLog) {
    this.pool = pool;
    this.directory = directory;
    this.children = children;
    this.sharingLog = sharingLog;
  }

  /** Why the account may not be linked to a guardian recorded with this e-mail address; empty when it may. */
  static Optional<ProblemException> refusal(String username, Optional<DirectoryUser> found, String recordedEmail) {
    if (found.isEmpty()) {
      return Optional.of(new ProblemException(ProblemType.UNKNOWN_USER,
          "Det finns inget konto med användarnamnet " + username + "."));
    }
    DirectoryUser account = found.get();
    if (!account.has(Role.GUARDIAN)) {
      return Optional.of(new ProblemException(ProblemType.WRONG_ROLE,
          "Kontot " + username + " är inte ett vårdnadshavarkonto."));
    }
    boolean sameAddress = account.email() != null && account.email().trim().equalsIgnoreCase(recordedEmail.trim());
    if (!account.enabled() || !account.emailVerified() || !sameAddress) {
      // The account's own address is not named: the caller learns only that it is not this guardian's.
      return Optional.of(new ProblemException(ProblemType.GUARDIAN_MISMATCH,
          "Kontot " + username + " hör inte till vårdnadshavaren: kontots verifierade e-postadress måste vara den som"
              + " registreras för vårdnadshavaren."));
    }
    return Optional.empty();
  }

  /** The account to link for a guardian recorded with {@code recordedEmail}, or a refusal. */
  Future<DirectoryUser> matching(String username, String recordedEmail) {
    return directory.findByUsername(username).compose(found -> refusal(username, found, recordedEmail)
        .<Future<DirectoryUser>>map(Future::failedFuture)
        .orElseGet(() -> Future.succeededFuture(found.get())));
  }

  Future<Void> logLinked(SqlClient tx, DataKey key, ChildAccess access, Map<String, Organisation> orgs, UUID guardianId,
      String guardianName, String username) {
    return sharingLog.append(tx, key, disclosure(access, orgs, guardianId, guardianName, username,
        "Vårdnadshavarens konto kopplades till barnet: kontot ser i familjevyn vad som delas om barnet och samtyckena.",
        "Vårdnadshavarens insyn i vad som delas om barnet")).mapEmpty();
  }

  /** Unlinks the account of one of the child's guardians; 404 for a guardian not of this child, 409 when none is linked. */
  Future<Void> unlink(ChildAccess access, DataKey key, Map<String, Organisation> orgs, UUID guardianId) {
    return pool.withTransaction(tx -> children.lockGuardian(tx, access.childId(), guardianId)
        .compose(found -> unlink(tx, access, key, orgs, found)));
  }

  private Future<Void> unlink(SqlClient tx, ChildAccess access, DataKey key, Map<String, Organisation> orgs,
      Optional<GuardianRow> found) {
    if (found.isEmpty()) {
      return Future.failedFuture(ProblemException.notFound());
    }
    GuardianRow guardian = found.get();
    if (guardian.userSubject() == null) {
      return Future.failedFuture(new ProblemException(ProblemType.CONFLICT, "Vårdnadshavaren har inget kopplat konto."));
    }
    Disclosure unlinked = disclosure(access, orgs, guardian.id(), key.open(SealLabel.GUARDIAN_NAME, guardian.id(), guardian.nameSealed()),
        guardian.accountUsername(key),
        "Vårdnadshavarens konto kopplades bort från barnet: kontot ser inte längre barnet i familjevyn.",
        "Vårdnadshavarens insyn upphör");
    return children.unlinkAccount(tx, guardian.id())
        .compose(v -> sharingLog.append(tx, key, unlinked))
        .mapEmpty();
  }

  private static Disclosure disclosure(ChildAccess access, Map<String, Organisation> orgs, UUID guardianId, String guardianName,
      String username, String what, String purpose) {
    return Disclosure.guardianAccount(access.childId(), guardianId, what, new Disclosure.Person(username, guardianName, null),
        purpose, Disclosure.sharedBy(access.principal(), orgs));
  }
}
