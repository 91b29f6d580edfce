package se.samverkan.policy;

import java.util.Objects;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;

/**
 * Which organisations a security admin manages (issue 13 point 5). Keycloak has no organisation-scoped
 * admin roles, so Samverkan scopes: {@code security-admin-all} manages every organisation (and people in
 * none), {@code security-admin} only the organisation the person is a member of, anyone else nothing.
 * A pure rule: it reads only the validated token's roles and organisation.
 */
public sealed interface AdminScope {

  /** The county's coordinating team. */
  record All() implements AdminScope {
  }

  /** One organisation's security team. */
  record Own(String alias) implements AdminScope {
    public Own {
      Objects.requireNonNull(alias, "alias");
      if (alias.isBlank()) {
        throw new IllegalArgumentException("an organisation alias is not blank");
      }
    }
  }

  /** Not a security admin (or one without an organisation): no admin endpoint at all. */
  record None() implements AdminScope {
  }

  AdminScope ALL = new All();
  AdminScope NONE = new None();

  static AdminScope of(Principal who) {
    if (who.has(Role.SECURITY_ADMIN_ALL)) {
      return ALL;
    }
    if (who.has(Role.SECURITY_ADMIN) && who.organisation().isPresent()) {
      return new Own(who.organisation().get());
    }
    return NONE;
  }

  /**
   * The scope the caller has over a target organisation (alias, or null for a person in none): the
   * caller's own scope when it covers the target, otherwise {@link #NONE}.
   */
  static AdminScope over(Principal who, String targetOrganisation) {
    AdminScope scope = of(who);
    return scope.covers(targetOrganisation) ? scope : NONE;
  }

  /**
   * Whether the caller may manage a person: the person's organisation is in scope, and a person of the
   * county's coordinating team is managed only by that team (an organisation's admin cannot lock it out).
   */
  static boolean mayManage(Principal who, String targetOrganisation, boolean targetIsCountyAdmin) {
    AdminScope scope = over(who, targetOrganisation);
    return scope.isAdmin() && (!targetIsCountyAdmin || scope instanceof All);
  }

  /** Whether the caller may grant or revoke a realm role: security-admin only by the county's team. */
  static boolean mayGrant(Principal who, String targetOrganisation, Role role) {
    AdminScope scope = over(who, targetOrganisation);
    return switch (role) {
      case CHILD_CONTACT -> scope.isAdmin();
      case SECURITY_ADMIN -> scope instanceof All;
      default -> false;
    };
  }

  /** Whether a target organisation (null: a person in no organisation) is inside this scope. */
  default boolean covers(String targetOrganisation) {
    return switch (this) {
      case All a -> true;
      case Own own -> own.alias().equals(targetOrganisation);
      case None n -> false;
    };
  }

  /** Whether the caller may use the admin endpoints at all. */
  default boolean isAdmin() {
    return !(this instanceof None);
  }

  /** The organisation a listing is filtered on: null for {@link All}; never asked of {@link None}. */
  default String filter() {
    return switch (this) {
      case All a -> null;
      case Own own -> own.alias();
      case None n -> throw new IllegalStateException("no scope has no filter");
    };
  }
}
