package se.samverkan.policy;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a person has, now, a basis to know that a meeting takes up a child — the one rule behind
 * a caller's sight of a meeting ({@link AccessPolicy#meetingAccess}) and behind who of a meeting's
 * participants may still be told anything about it (mails, answer links, the reconciliation after a
 * withdrawal, a removal or a handover). Decided on facts already read; pure.
 *
 * <ul>
 *   <li>TEAM — a current relation to the child: its ChildContact, or a team member whom an updated
 *       written consent in force covers. Whoever organised the meeting needs this too.</li>
 *   <li>CONSENT — invited, and a consent in force at the meeting's level covers them: a professional
 *       by name or organisation, someone without an account by e-mail. A professional whose membership
 *       of the child's team ended after they were invited has lost it, consent or not: removal from
 *       the team ends their part in its meetings.</li>
 *   <li>FAMILY — invited as guardian or child, and tied to a guardian on record: the linked account,
 *       or an e-mail address recorded for one of the child's guardians.</li>
 * </ul>
 */
public final class MeetingBasis {

  public enum Basis { TEAM, CONSENT, FAMILY }

  /** How a person is invited to the meeting: the role of their active participation, if any. */
  public enum Invited {
    NOT_INVITED, PROFESSIONAL, GUARDIAN, CHILD, OTHER
  }

  /**
   * What is known of one person and one child, now.
   *
   * @param teamRole             their current relation to the child, or null
   * @param covered              a consent in force at the meeting's level covers them
   * @param familyOnRecord       their account is a linked guardian, or their address is a guardian's on record
   * @param leftTeamSinceInvited a membership of theirs in the child's team ended after they were invited
   */
  public record Facts(TeamRole teamRole, boolean covered, boolean familyOnRecord, boolean leftTeamSinceInvited) {
  }

  /** A person's invitation: how, and since when (null when not invited). */
  public record Invitation(Invited as, Instant since) {
    public static final Invitation NONE = new Invitation(Invited.NOT_INVITED, null);

    public Invitation {
      if ((as == Invited.NOT_INVITED) != (since == null)) {
        throw new IllegalArgumentException("an invitation has a time exactly when there is one");
      }
    }

    public boolean invited() {
      return as != Invited.NOT_INVITED;
    }
  }

  private MeetingBasis() {
  }

  public static Optional<Basis> of(Invited invited, Facts facts) {
    if (facts.teamRole() != null) {
      return Optional.of(Basis.TEAM);
    }
    boolean holds = switch (invited) {
      case NOT_INVITED -> false;
      case PROFESSIONAL -> facts.covered() && !facts.leftTeamSinceInvited();
      case OTHER -> facts.covered();
      case GUARDIAN, CHILD -> facts.familyOnRecord();
    };
    if (!holds) {
      return Optional.empty();
    }
    return Optional.of(invited == Invited.GUARDIAN || invited == Invited.CHILD ? Basis.FAMILY : Basis.CONSENT);
  }
}
