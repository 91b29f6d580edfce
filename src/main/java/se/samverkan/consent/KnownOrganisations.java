package se.samverkan.consent;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import se.samverkan.identity.Organisation;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;

/** The organisations a consent or a sharing names must be ones Keycloak knows (422 otherwise). */
final class KnownOrganisations {

  private KnownOrganisations() {
  }

  static Future<Void> require(List<String> aliases, Map<String, Organisation> orgs) {
    return aliases.stream().filter(alias -> !orgs.containsKey(alias)).findFirst()
        .map(alias -> Future.<Void>failedFuture(new ProblemException(ProblemType.UNKNOWN_ORGANISATION,
            "Det finns ingen organisation " + alias + ".")))
        .orElse(Future.succeededFuture());
  }
}
