package se.samverkan.policy;

import java.util.Optional;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.shared.ProblemException;

/**
 * Whose accesses a security admin may review (loggkontroll): {@code security-admin-all} (the county's
 * coordinating team) everyone's, a {@code security-admin} only those made by their own
 * organisation's staff, anyone else nobody's — the scope of {@link AdminScope}, applied to the access
 * log with its refusals. Pure; {@link AccessPolicy#accessLogScope} applies it and logs the answer.
 */
public final class AccessLogScope {

  private AccessLogScope() {
  }

  /**
   * The organisation alias to filter the access log on, or empty for every organisation.
   *
   * @param requested the organisation the caller asked for (null: none named)
   * @throws ProblemException forbidden when the caller may not review it
   */
  static Optional<String> of(Principal who, String requested) {
    return switch (AdminScope.of(who)) {
      case AdminScope.All all -> Optional.ofNullable(requested);
      case AdminScope.Own own when requested == null || requested.equals(own.alias()) -> Optional.of(own.alias());
      case AdminScope.Own own ->
          throw ProblemException.forbidden("Du granskar bara åtkomster som din egen organisations personal har gjort.");
      case AdminScope.None none -> throw ProblemException.forbidden(who.has(Role.SECURITY_ADMIN)
          ? "Du är säkerhetsadministratör utan organisation och kan inte granska någons åtkomster."
          : "Loggkontroll är till för säkerhetsadministratörer.");
    };
  }

  /** A row of the access log lies in the scope {@link AccessPolicy#accessLogScope} gave (null: all); else 403. */
  public static void requireInAccessLogScope(String scope, String rowOrganisation) {
    if (scope != null && !scope.equals(rowOrganisation)) {
      throw ProblemException.forbidden("Åtkomsten gjordes inte av din organisations personal.");
    }
  }

  /** The scope {@link AccessPolicy#accessLogScope} gave is every organisation (security-admin-all); else 403. */
  public static void requireAllOrganisations(String scope) {
    if (scope != null) {
      throw ProblemException.forbidden("Bara länets samordnande säkerhetsteam ser hela realmens administration.");
    }
  }
}
