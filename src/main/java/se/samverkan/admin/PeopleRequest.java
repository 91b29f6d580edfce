package se.samverkan.admin;

import io.vertx.core.json.JsonObject;
import se.samverkan.identity.Role;
import se.samverkan.shared.ProblemException;

/** The people endpoints' requests; the contract has checked the shapes, these records the meaning. */
final class PeopleRequest {

  private PeopleRequest() {
  }

  /** Why a person is logged out (optional) or disabled (required). */
  record Reason(String text) {
    static Reason optional(JsonObject body) {
      String text = body == null ? null : body.getString("reason");
      return new Reason(text == null || text.isBlank() ? null : text.strip());
    }

    static Reason required(JsonObject body) {
      Reason r = optional(body);
      if (r.text() == null) {
        throw ProblemException.invalid("Ange varför kontot spärras.");
      }
      return r;
    }
  }

  /** The roles a security admin grants here; any other is refused by the contract's enum. */
  static Role grantable(String claim) {
    Role role = Role.fromClaim(claim).orElseThrow(() -> ProblemException.invalid("Okänd roll."));
    if (role != Role.CHILD_CONTACT && role != Role.SECURITY_ADMIN) {
      throw ProblemException.invalid("Rollen kan inte ges här.");
    }
    return role;
  }
}
