package se.samverkan.policy;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import se.samverkan.shared.ConsentLevel;

/**
 * Whether a meeting's participant who is not the caller still has a basis to be told about it: the
 * {@link MeetingBasis} rule applied to facts read of each child the meeting takes up. Pure; the
 * meeting feature reads the facts (before a mail goes out, when an answer link is used, in the
 * reconciliation after a withdrawal, a removal or a handover).
 */
public final class ParticipantRule {

  /**
   * A participant as the rule sees them.
   *
   * @param subject      their account (null: invited by e-mail only)
   * @param username     null without an account
   * @param organisation the organisation a professional was invited as (null: none, or a row from before V8)
   * @param email        their address, opened
   * @param invitedAt    when they were invited
   */
  public record Participant(MeetingBasis.Invited as, UUID subject, String username, String organisation, String email,
                            Instant invitedAt) {
    public Participant {
      if (as == MeetingBasis.Invited.NOT_INVITED) {
        throw new IllegalArgumentException("a participant is invited");
      }
    }

    boolean hasAccount() {
      return username != null;
    }
  }

  /** A current member of the child's team. */
  public record Member(String username, String organisation) {
  }

  /**
   * One of the child's consents, and whether it names an address of someone without an account
   * (the consent feature opens and matches those, under the child's key).
   */
  public record Consent(ConsentTerms terms, Predicate<String> namesAddress) {
    public Consent {
      Objects.requireNonNull(terms);
      Objects.requireNonNull(namesAddress);
    }
  }

  /**
   * What is known of one child now, read once for all participants of its meetings.
   *
   * @param members           current members by account
   * @param ended             when a membership of an account ended last (the team's past members)
   * @param consents          newest first
   * @param guardianAddresses normalised ({@link #address})
   */
  public record ChildFacts(UUID childId, UUID contactSubject, Map<UUID, Member> members, Map<UUID, Instant> ended,
                           List<Consent> consents, Set<UUID> guardianAccounts, Set<String> guardianAddresses) {
  }

  private ParticipantRule() {
  }

  /** An e-mail address as addresses are compared: without surrounding space, case aside. */
  public static String address(String email) {
    return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
  }

  /** A basis for every child: each mail and the answer page are about all of them. */
  public static boolean holds(ConsentLevel level, Participant p, List<ChildFacts> children, Instant now) {
    return !children.isEmpty() && children.stream().allMatch(c -> MeetingBasis.of(p.as(), factsOf(level, p, c, now)).isPresent());
  }

  /** What {@link MeetingBasis} needs to know of the participant and one child. */
  public static MeetingBasis.Facts factsOf(ConsentLevel level, Participant p, ChildFacts c, Instant now) {
    List<ConsentTerms> terms = c.consents().stream().map(Consent::terms).toList();
    TeamRole role = null;
    if (p.subject() != null && p.subject().equals(c.contactSubject())) {
      role = TeamRole.CHILD_CONTACT;
    } else if (p.subject() != null && c.members().containsKey(p.subject())) {
      Member m = c.members().get(p.subject());
      role = ConsentRule.covering(terms, m.username(), m.organisation(), ConsentLevel.WRITTEN_UPDATED, now).isPresent()
          ? TeamRole.MEMBER : null;
    }
    boolean covered = switch (p.as()) {
      case PROFESSIONAL -> p.hasAccount() && ConsentRule.covering(terms, p.username(), p.organisation(), level, now).isPresent();
      case OTHER -> c.consents().stream()
          .anyMatch(k -> ConsentRule.inForce(k.terms(), level, now) && k.namesAddress().test(p.email()));
      case GUARDIAN, CHILD, NOT_INVITED -> false;
    };
    boolean family = p.subject() != null ? c.guardianAccounts().contains(p.subject())
        : c.guardianAddresses().contains(address(p.email()));
    Instant endedAt = p.subject() == null ? null : c.ended().get(p.subject());
    boolean left = endedAt != null && p.invitedAt() != null && endedAt.isAfter(p.invitedAt());
    return new MeetingBasis.Facts(role, covered, family, left);
  }
}
