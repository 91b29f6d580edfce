package se.samverkan.identity;

import io.vertx.core.Future;
import java.util.function.Function;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;

/**
 * Looking up a person a request names by username: one answer for "nobody by that name" (422
 * UNKNOWN_USER) and one for "not in the role this needs" (422 WRONG_ROLE, with the feature's words).
 */
public final class DirectoryLookup {

  private DirectoryLookup() {
  }

  /** The account with exactly this username, or UNKNOWN_USER. */
  public static Future<DirectoryUser> requireUser(KeycloakDirectory directory, String username) {
    return directory.findByUsername(username).compose(found -> found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(unknownUser(username))));
  }

  /**
   * The account with this username holding {@code role} (enabled or not), or UNKNOWN_USER, or
   * WRONG_ROLE with the detail {@code wrongRole} gives for the account found.
   */
  public static Future<DirectoryUser> requireUser(KeycloakDirectory directory, String username, Role role,
      Function<DirectoryUser, String> wrongRole) {
    return requireUser(directory, username).compose(u -> inRole(u, u.has(role), wrongRole));
  }

  /** As {@link #requireUser(KeycloakDirectory, String, Role, Function)}, and a disabled account is in no role. */
  public static Future<DirectoryUser> requireEnabledUser(KeycloakDirectory directory, String username, Role role,
      Function<DirectoryUser, String> wrongRole) {
    return requireUser(directory, username).compose(u -> inRole(u, u.has(role) && u.enabled(), wrongRole));
  }

  private static Future<DirectoryUser> inRole(DirectoryUser u, boolean inRole, Function<DirectoryUser, String> wrongRole) {
    return inRole ? Future.succeededFuture(u)
        : Future.failedFuture(new ProblemException(ProblemType.WRONG_ROLE, wrongRole.apply(u)));
  }

  public static ProblemException unknownUser(String username) {
    return new ProblemException(ProblemType.UNKNOWN_USER, "Det finns ingen person med användarnamnet " + username + ".");
  }
}
