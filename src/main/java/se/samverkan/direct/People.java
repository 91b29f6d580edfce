package se.samverkan.direct;

import io.vertx.core.Future;
import java.util.UUID;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.Principal;
import se.samverkan.policy.DirectPolicy;
import se.samverkan.shared.ProblemException;

/** A person a direct-message request names by username: the caller themselves, or someone in the directory (else 404). */
final class People {

  private People() {
  }

  static DirectPolicy.Party self(Principal who) {
    return new DirectPolicy.Party(UUID.fromString(who.subject()), who.username(), who.organisation().orElse(null));
  }

  static DirectPolicy.Party of(DirectoryUser u) {
    return new DirectPolicy.Party(UUID.fromString(u.id()), u.username(), u.organisation().map(Organisation::alias).orElse(null));
  }

  /** The named person; nobody by that name is 404, as is someone the caller may not see (decided by the policy). */
  static Future<DirectPolicy.Party> named(KeycloakDirectory directory, Principal who, String username) {
    if (username.equals(who.username())) {
      return Future.succeededFuture(self(who));
    }
    return directory.findByUsername(username).compose(found -> found.map(u -> Future.succeededFuture(of(u)))
        .orElseGet(() -> Future.failedFuture(ProblemException.notFound())));
  }
}
