package se.samverkan.admin;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.identity.KeycloakAdmin;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.NotBefore;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.SecurityAudit;
import se.samverkan.policy.SecurityAudit.AdminAction;
import se.samverkan.shared.ProblemException;

/**
 * The security team's people and sessions (issue 13 point 2): who is there, their sessions, logging a
 * person out everywhere (Keycloak sessions, tokens still inside their lifetime, open sockets),
 * disabling and enabling, granting and revoking roles. Scoped by {@link AccessPolicy}; every change is
 * a row of {@link SecurityAudit}, written after Keycloak made it.
 */
public final class PeopleService {

  static final int MAX_USERS = 50;

  /** A person the caller may manage, with the organisation the audit row names. */
  record Target(DirectoryUser user, String organisation) {
  }

  /** A person in a listing: the directory's view, the linked identity providers, the last login (or null). */
  record Person(DirectoryUser user, List<String> identityProviders, java.time.Instant lastLogin) {
  }

  private final AccessPolicy policy;
  private final KeycloakDirectory directory;
  private final KeycloakAdmin keycloak;
  private final NotBefore notBefore;
  private final SecurityAudit audit;
  private final Clock clock;

  public PeopleService(AccessPolicy policy, KeycloakDirectory directory, KeycloakAdmin keycloak, NotBefore notBefore,
                       SecurityAudit audit, Clock clock) {
    this.policy = policy;
    this.directory = directory;
    this.keycloak = keycloak;
    this.notBefore = notBefore;
    this.audit = audit;
    this.clock = clock;
  }

  Future<List<Person>> users(Principal who, String search, String organisation) {
    return policy.adminListing(who, organisation)
        .compose(this::organisationId)
        .compose(orgId -> keycloak.usernames(search, orgId, MAX_USERS))
        .compose(this::people);
  }

  private Future<String> organisationId(String alias) {
    if (alias == null) {
      return Future.succeededFuture(null);
    }
    return directory.organisation(alias).compose(org -> org.map(Organisation::id).map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ProblemException.notFound())));
  }

  private Future<List<Person>> people(List<String> usernames) {
    List<Future<Person>> each = new ArrayList<>();
    for (String username : usernames) {
      each.add(directory.findByUsername(username).compose(found -> found
          .map(u -> Future.all(keycloak.identityProviders(u.id()), keycloak.lastLogin(u.id()))
              .map(both -> new Person(u, both.<List<String>>resultAt(0), both.resultAt(1))))
          .orElseGet(() -> Future.succeededFuture(null))));
    }
    return Future.all(each).map(all -> {
      List<Person> out = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        if (all.resultAt(i) != null) {
          out.add(all.resultAt(i));
        }
      }
      return out;
    });
  }

  Future<List<KeycloakAdmin.Session>> sessions(Principal who, String username) {
    return target(who, username).compose(t -> keycloak.sessions(t.user().id()));
  }

  Future<Void> logout(Principal who, String username, String reason) {
    return target(who, username)
        .compose(t -> signOut(t).compose(v -> record(who, AdminAction.USER_LOGOUT, t, reason)));
  }

  Future<Void> disable(Principal who, String username, String reason) {
    return target(who, username)
        .compose(t -> keycloak.setEnabled(t.user().id(), false).compose(v -> signOut(t))
            .compose(v -> record(who, AdminAction.USER_DISABLE, t, reason)));
  }

  Future<Void> enable(Principal who, String username) {
    return target(who, username)
        .compose(t -> keycloak.setEnabled(t.user().id(), true)
            .compose(v -> record(who, AdminAction.USER_ENABLE, t, null)));
  }

  Future<Void> role(Principal who, String username, Role role, boolean grant) {
    return target(who, username)
        .compose(t -> policy.mayGrantRole(who, t.organisation(), role).map(t))
        .compose(t -> keycloak.realmRole(t.user().id(), role, grant)
            .compose(v -> record(who, grant ? AdminAction.ROLE_GRANT : AdminAction.ROLE_REVOKE, t, role.claimValue())));
  }

  /** Keycloak ends the sessions (refresh tokens), the not-before ends the access tokens and the sockets. */
  private Future<Void> signOut(Target t) {
    return keycloak.logout(t.user().id()).compose(v -> notBefore.signOut(t.user().id(), clock.instant())).mapEmpty();
  }

  private Future<Void> record(Principal who, AdminAction action, Target t, String reason) {
    return audit.record(who, action, t.user().username(), t.organisation(), reason);
  }

  /** 403 for a non-admin before any lookup (no probing of usernames), 404 for nobody, 403 out of scope. */
  private Future<Target> target(Principal who, String username) {
    return policy.adminScope(who)
        .compose(scope -> directory.findByUsername(username))
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ProblemException.notFound())))
        .compose(user -> {
          String org = user.organisation().map(Organisation::alias).orElse(null);
          return policy.mayManagePerson(who, org, user.roles().contains(Role.SECURITY_ADMIN_ALL))
              .map(v -> new Target(user, org));
        });
  }
}
