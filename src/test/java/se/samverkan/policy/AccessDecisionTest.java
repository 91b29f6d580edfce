package se.samverkan.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.samverkan.policy.AccessDecision.Decision;
import se.samverkan.policy.AccessDecision.Denied;
import se.samverkan.policy.AccessDecision.Granted;
import se.samverkan.policy.AccessDecision.Need;

/** The access decisions without the stack: on facts as the relation query reads them. */
class AccessDecisionTest {

  private static final Instant NOW = Instant.now();
  private static final Instant HANDED_OVER = NOW.minusSeconds(86_400);
  private static final Instant JOINED = NOW.minusSeconds(7 * 86_400);
  private static final Instant UNTIL = NOW.plusSeconds(30 * 86_400);
  private static final UUID CHILD = UUID.randomUUID();
  private static final UUID ANNA = UUID.randomUUID();
  private static final UUID LARS = UUID.randomUUID();
  private static final UUID MARIA = UUID.randomUUID();
  private static final UUID STRANGER = UUID.randomUUID();

  /** Anna is the ChildContact (since a handover without consent), Lars the SupportCoordinator. */
  private static RelationFacts relation(boolean member, boolean covered) {
    return new RelationFacts(CHILD, ANNA, LARS, HANDED_OVER, member ? JOINED : null, member, covered, covered ? UNTIL : null);
  }

  private static Decision decide(UUID me, RelationFacts facts, Need need) {
    return AccessDecision.professional(me, Optional.ofNullable(facts), need);
  }

  private static void assertRefused(int status, String detail, Decision d) {
    Denied denied = assertInstanceOf(Denied.class, d);
    assertEquals(status, denied.refusal().status());
    assertEquals(detail, denied.refusal().detail());
  }

  @Test
  void theChildContactShouldBeGrantedEverythingWithTheirHistoryAndNoConsentEnd() {
    for (Need need : Need.values()) {
      // Not a member, no consent: the ChildContact needs neither.
      Decision d = decide(ANNA, relation(false, false), need);
      assertEquals(new Granted(TeamRole.CHILD_CONTACT, HANDED_OVER, null, null), d, need.name());
    }
  }

  @Test
  void theCoordinatorShouldManageButNotDoWhatOnlyTheChildContactMay() {
    RelationFacts covered = relation(true, true);
    Granted expected = new Granted(TeamRole.SUPPORT_COORDINATOR, null, JOINED, UNTIL);
    assertEquals(expected, decide(LARS, covered, Need.READ));
    assertEquals(expected, decide(LARS, covered, Need.MANAGE));
    assertRefused(403, "Bara barnets barnkontakt får göra detta.", decide(LARS, covered, Need.CHILD_CONTACT));
  }

  @Test
  void aCoveredMemberShouldReadWithMembershipAndConsentEndButNotManage() {
    RelationFacts covered = relation(true, true);
    assertEquals(new Granted(TeamRole.MEMBER, null, JOINED, UNTIL), decide(MARIA, covered, Need.READ),
        "the member does not carry the ChildContact's history limit");
    assertRefused(403, "Bara barnkontakten eller stödsamordnaren får göra detta.", decide(MARIA, covered, Need.MANAGE));
    assertRefused(403, "Bara barnets barnkontakt får göra detta.", decide(MARIA, covered, Need.CHILD_CONTACT));
  }

  @Test
  void anOpenEndedConsentShouldLeaveCoveredUntilEmpty() {
    RelationFacts openEnded = new RelationFacts(CHILD, ANNA, LARS, null, JOINED, true, true, null);
    assertEquals(new Granted(TeamRole.MEMBER, null, JOINED, null), decide(MARIA, openEnded, Need.READ));
  }

  @Test
  void aMemberNotCoveredAStrangerAndNoSuchChildShouldAllBeTheSame404WhateverTheNeed() {
    for (Need need : Need.values()) {
      assertRefused(404, null, decide(MARIA, relation(true, false), need));
      assertRefused(404, null, decide(LARS, relation(true, false), need));
      assertRefused(404, null, decide(STRANGER, relation(false, false), need));
      assertRefused(404, null, decide(STRANGER, null, need));
    }
    assertRefused(404, null, decide(MARIA, relation(false, true), Need.READ));
  }

  @Test
  void theListShouldNameEachRelationAndLeaveOutAnUncoveredMember() {
    assertEquals(Optional.of(TeamRole.CHILD_CONTACT), AccessDecision.teamRole(ANNA, relation(false, false)));
    assertEquals(Optional.of(TeamRole.SUPPORT_COORDINATOR), AccessDecision.teamRole(LARS, relation(true, true)));
    assertEquals(Optional.of(TeamRole.MEMBER), AccessDecision.teamRole(MARIA, relation(true, true)));
    assertEquals(Optional.empty(), AccessDecision.teamRole(MARIA, relation(true, false)));
  }

  @Test
  void aChildContactAfterAHandoverShouldSeeAMeetingFromBeforeItOnlyIfInvited() {
    Optional<RelationFacts> r = Optional.of(relation(false, false));
    Instant before = HANDED_OVER.minusSeconds(60);
    Instant after = HANDED_OVER.plusSeconds(60);
    assertEquals(Optional.empty(), AccessDecision.meetingTeamRole(ANNA, r, false, before));
    assertEquals(Optional.of(TeamRole.CHILD_CONTACT), AccessDecision.meetingTeamRole(ANNA, r, true, before));
    assertEquals(Optional.of(TeamRole.CHILD_CONTACT), AccessDecision.meetingTeamRole(ANNA, r, false, after));
    assertEquals(Optional.of(TeamRole.CHILD_CONTACT), AccessDecision.meetingTeamRole(ANNA, r, false, HANDED_OVER),
        "a meeting created at the moment of the handover is part of the history they see");
    Optional<RelationFacts> noHandover = Optional.of(new RelationFacts(CHILD, ANNA, LARS, null, null, false, false, null));
    assertEquals(Optional.of(TeamRole.CHILD_CONTACT), AccessDecision.meetingTeamRole(ANNA, noHandover, false, before));
  }

  @Test
  void theHistoryRuleShouldNotApplyToMembersAndAnUncoveredMemberShouldHaveNoTeamBasis() {
    Instant before = HANDED_OVER.minusSeconds(60);
    assertEquals(Optional.of(TeamRole.MEMBER), AccessDecision.meetingTeamRole(MARIA, Optional.of(relation(true, true)), false, before));
    assertEquals(Optional.empty(), AccessDecision.meetingTeamRole(MARIA, Optional.of(relation(true, false)), true, before));
    assertEquals(Optional.empty(), AccessDecision.meetingTeamRole(STRANGER, Optional.empty(), true, before));
  }
}
