package se.samverkan.team;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.identity.Organisation;
import se.samverkan.membership.TeamMemberRecord;
import se.samverkan.policy.TeamRole;

/**
 * The team as the caller may see it, as {@link TeamJson} renders it: only the memberships shown to
 * them (see {@link TeamMemberRecord#shownTo}); {@code historyFrom} null when they see all of it.
 */
record TeamView(UUID childId, Contact childContact, Instant historyFrom, List<MemberView> members,
                Map<String, Organisation> orgs) {

  TeamView {
    members = List.copyOf(members);
  }

  /** The ChildContact as the child's row names them. */
  record Contact(String username, String name, String organisation) {
  }

  /** Whether a consent in force covers the member now; NO_CONSENT: they see nothing until one does. */
  enum Access { ACTIVE, NO_CONSENT }

  /**
   * A membership with what the team says about it: whether the member coordinates (the ChildContact
   * may, without being shown as coordinator) and their access.
   */
  record MemberView(TeamMemberRecord member, boolean coordinates, Access access, Map<String, Organisation> orgs) {

    /** The role the contract shows: the row's role, a coordinating MEMBER shown as SUPPORT_COORDINATOR. */
    TeamRole role() {
      if (member.isChildContact()) {
        return TeamRole.CHILD_CONTACT;
      }
      return coordinates ? TeamRole.SUPPORT_COORDINATOR : TeamRole.MEMBER;
    }
  }

  /** The coordinator among the shown members; a hidden one is not named. */
  Optional<MemberView> coordinator() {
    return members.stream().filter(MemberView::coordinates).findFirst();
  }
}
