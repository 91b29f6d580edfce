package se.samverkan.policy;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemType;

/**
 * The access policy's decisions on facts already read ({@link RelationFacts}): pure, so that every
 * case is a plain unit test. {@link AccessPolicy} reads the facts, applies these and logs the answer.
 */
final class AccessDecision {

  /** What an action needs from the caller's relation to the child. */
  enum Need { READ, MANAGE, CHILD_CONTACT }

  /** The answer to a professional asking for one child. */
  sealed interface Decision permits Granted, Denied {
  }

  /**
   * Access granted; the fields are {@link AccessPolicy.ChildAccess}'s.
   *
   * @param historyFrom  set only for a ChildContact who received only the responsibility in a handover
   * @param memberSince  null for the ChildContact
   * @param coveredUntil null for the ChildContact (who needs no consent) and when a covering consent has no end
   */
  record Granted(TeamRole role, Instant historyFrom, Instant memberSince, Instant coveredUntil) implements Decision {
  }

  /** Access refused: 404 without a relation (strangers never learn that a child exists), 403 for a relation that lacks the right. */
  record Denied(Problem refusal) implements Decision {
  }

  static final String ONLY_CHILD_CONTACT = "Bara barnets barnkontakt får göra detta.";
  static final String ONLY_MANAGERS = "Bara barnkontakten eller stödsamordnaren får göra detta.";

  private AccessDecision() {
  }

  /**
   * The caller's relation to the child: its ChildContact, or a team member whom an updated written
   * consent in force covers (its SupportCoordinator among them). A member not covered has none.
   */
  static Optional<TeamRole> teamRole(UUID me, RelationFacts r) {
    if (me.equals(r.contactSubject())) {
      return Optional.of(TeamRole.CHILD_CONTACT);
    }
    if (r.member() && r.covered()) {
      return Optional.of(me.equals(r.coordinatorSubject()) ? TeamRole.SUPPORT_COORDINATOR : TeamRole.MEMBER);
    }
    return Optional.empty();
  }

  /** A professional's access to one child for an action needing {@code need}; {@code relation} empty: no such child. */
  static Decision professional(UUID me, Optional<RelationFacts> relation, Need need) {
    Optional<TeamRole> role = relation.flatMap(r -> teamRole(me, r));
    if (role.isEmpty()) {
      return new Denied(Problem.of(ProblemType.NOT_FOUND));
    }
    boolean allowed = switch (need) {
      case READ -> true;
      case MANAGE -> role.get() != TeamRole.MEMBER;
      case CHILD_CONTACT -> role.get() == TeamRole.CHILD_CONTACT;
    };
    if (!allowed) {
      return new Denied(Problem.of(ProblemType.FORBIDDEN, need == Need.CHILD_CONTACT ? ONLY_CHILD_CONTACT : ONLY_MANAGERS));
    }
    RelationFacts r = relation.get();
    boolean contact = role.get() == TeamRole.CHILD_CONTACT;
    return new Granted(role.get(), contact ? r.contactHistoryFrom() : null, contact ? null : r.memberSince(),
        contact ? null : r.coveredUntil());
  }

  /**
   * The caller's team relation as a basis to see a meeting: a ChildContact who received the child
   * without consent sees a meeting created before their history begins only if invited to it.
   */
  static Optional<TeamRole> meetingTeamRole(UUID me, Optional<RelationFacts> relation, boolean invited, Instant meetingCreated) {
    return relation.flatMap(r -> teamRole(me, r).filter(role -> role != TeamRole.CHILD_CONTACT
        || invited || r.contactHistoryFrom() == null || !meetingCreated.isBefore(r.contactHistoryFrom())));
  }
}
