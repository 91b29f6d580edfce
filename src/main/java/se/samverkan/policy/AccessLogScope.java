package se.samverkan.policy;

import java.util.Optional;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.shared.ProblemException;

/**
 * Whose accesses a security admin may review (loggkontroll): {@code security-admin-all} (the county's
 * coordinating team) everyone's, a {@code security-admin} only those made by their own
 * organisation's staff, anyone else nobody's. Pure; {@link AccessPolicy#accessLogScope} applies it
 * and logs the answer.
 */
final class AccessLogScope {

  private AccessLogScope() {
  }

  /**
   * The organisation alias to filter the access log on, or empty for every organisation.
   *
   * @param requested the organisation the caller asked for (null: none named)
   * @throws ProblemException forbidden when the caller may not review it
   */
  static Optional<String> of(Principal who, String requested) {
    if (who.has(Role.SECURITY_ADMIN_ALL)) {
      return Optional.ofNullable(requested);
    }
    if (!who.has(Role.SECURITY_ADMIN)) {
      throw ProblemException.forbidden("Loggkontroll är till för säkerhetsadministratörer.");
    }
    Optional<String> own = who.organisation();
    if (own.isEmpty()) {
      throw ProblemException.forbidden("Du är säkerhetsadministratör utan organisation och kan inte granska någons åtkomster.");
    }
    if (requested != null && !requested.equals(own.get())) {
      throw ProblemException.forbidden("Du granskar bara åtkomster som din egen organisations personal har gjort.");
    }
    return own;
  }
}
