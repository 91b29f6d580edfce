package se.samverkan.policy;

import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;

/** The words the policies share: the refusal of a role that never reads children, and the access log's purposes. */
final class PolicyTexts {

  private PolicyTexts() {
  }

  static ProblemException roleRefusal(Principal who) {
    if (who.has(Role.GUARDIAN)) {
      return new ProblemException(Problem.of(ProblemType.FORBIDDEN,
          "Som vårdnadshavare ser du ditt barn i familjevyn."));
    }
    return new ProblemException(Problem.of(ProblemType.FORBIDDEN,
        "Din roll ger inte tillgång till barns uppgifter."));
  }

  static String purpose(TeamRole role) {
    return switch (role) {
      case CHILD_CONTACT -> "Barnkontakt";
      case SUPPORT_COORDINATOR -> "Stödsamordnare";
      case MEMBER -> "Individuellt barnteam";
    };
  }
}
