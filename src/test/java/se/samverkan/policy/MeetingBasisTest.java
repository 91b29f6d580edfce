package se.samverkan.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.samverkan.policy.AccessPolicy.MeetingAccess;
import se.samverkan.policy.MeetingBasis.Basis;
import se.samverkan.policy.MeetingBasis.Facts;
import se.samverkan.policy.MeetingBasis.Invitation;
import se.samverkan.policy.MeetingBasis.Invited;
import se.samverkan.policy.MeetingSight.Level;
import se.samverkan.policy.MeetingSight.Sight;
import se.samverkan.shared.ConsentLevel;

/** The meeting rule without the stack: who has a basis, and what sight the bases give. */
class MeetingBasisTest {

  private static final Facts NOTHING = new Facts(null, false, false, false);

  @Test
  void aCurrentTeamRelationShouldBeABasisWhetherInvitedOrNot() {
    for (Invited as : Invited.values()) {
      assertEquals(Optional.of(Basis.TEAM), MeetingBasis.of(as, new Facts(TeamRole.MEMBER, false, false, true)), as.name());
    }
  }

  @Test
  void withdrawnRemovedOrHandedOverShouldLeaveNoBasisEvenForTheOrganiserOrTheInvited() {
    // Organising or being invited is no basis of its own: without relation, consent or family link, nothing.
    for (Invited as : Invited.values()) {
      assertEquals(Optional.empty(), MeetingBasis.of(as, NOTHING), as.name());
    }
  }

  @Test
  void anInvitedProfessionalShouldNeedACoveringConsentAndNoRemovalSinceTheInvitation() {
    assertEquals(Optional.of(Basis.CONSENT), MeetingBasis.of(Invited.PROFESSIONAL, new Facts(null, true, false, false)));
    assertEquals(Optional.empty(), MeetingBasis.of(Invited.PROFESSIONAL, new Facts(null, true, false, true)),
        "removed from the team after the invitation: the consent alone does not keep them in the team's meetings");
    assertEquals(Optional.empty(), MeetingBasis.of(Invited.PROFESSIONAL, new Facts(null, false, true, false)),
        "a professional is no family");
  }

  @Test
  void familyShouldNeedTheLinkOnRecordAndOthersTheirConsent() {
    assertEquals(Optional.of(Basis.FAMILY), MeetingBasis.of(Invited.GUARDIAN, new Facts(null, false, true, false)));
    assertEquals(Optional.of(Basis.FAMILY), MeetingBasis.of(Invited.CHILD, new Facts(null, false, true, false)));
    assertEquals(Optional.empty(), MeetingBasis.of(Invited.GUARDIAN, new Facts(null, true, false, false)),
        "a consent does not make an address a guardian's");
    assertEquals(Optional.of(Basis.CONSENT), MeetingBasis.of(Invited.OTHER, new Facts(null, true, false, false)));
    assertEquals(Optional.empty(), MeetingBasis.of(Invited.OTHER, new Facts(null, false, true, false)));
  }

  @Test
  void anInvitationShouldHaveATimeExactlyWhenThereIsOne() {
    assertThrows(IllegalArgumentException.class, () -> new Invitation(Invited.NOT_INVITED, Instant.now()));
    assertThrows(IllegalArgumentException.class, () -> new Invitation(Invited.GUARDIAN, null));
  }

  private static final UUID A = UUID.randomUUID();
  private static final UUID B = UUID.randomUUID();
  private static final MeetingSight.Meeting BARNTEAM = new MeetingSight.Meeting(A, UUID.randomUUID(), Instant.now(),
      List.of(A, B), Map.of(), ConsentLevel.WRITTEN);

  @Test
  void noBasisForAnyChildShouldBeNoSightEvenForTheOrganiser() {
    assertEquals(Optional.empty(), MeetingSight.decide(BARNTEAM, true, Invitation.NONE, List.of()));
  }

  @Test
  void aBasisForSomeChildrenShouldBeRestrictedSightAndManagingShouldNeedChildContactOrCoordinatorOfAll() {
    Sight some = MeetingSight.decide(BARNTEAM, true, Invitation.NONE,
        List.of(new MeetingAccess(B, Basis.TEAM, TeamRole.CHILD_CONTACT))).orElseThrow();
    assertEquals(new Sight(Level.RESTRICTED, true, false, List.of(B), false), some);

    Sight all = MeetingSight.decide(BARNTEAM, false, Invitation.NONE, List.of(new MeetingAccess(A, Basis.TEAM,
        TeamRole.CHILD_CONTACT), new MeetingAccess(B, Basis.TEAM, TeamRole.SUPPORT_COORDINATOR))).orElseThrow();
    assertEquals(new Sight(Level.FULL, false, false, List.of(A, B), true), all);

    Sight invited = MeetingSight.decide(BARNTEAM, false, new Invitation(Invited.PROFESSIONAL, Instant.now()),
        List.of(new MeetingAccess(A, Basis.CONSENT, null), new MeetingAccess(B, Basis.TEAM, TeamRole.CHILD_CONTACT)))
        .orElseThrow();
    assertEquals(new Sight(Level.FULL, false, true, List.of(A, B), false), invited, "seeing on a consent is not managing");
  }
}
