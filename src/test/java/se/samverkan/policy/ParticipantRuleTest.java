package se.samverkan.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.samverkan.policy.MeetingBasis.Invited;
import se.samverkan.policy.ParticipantRule.ChildFacts;
import se.samverkan.policy.ParticipantRule.Consent;
import se.samverkan.policy.ParticipantRule.Member;
import se.samverkan.policy.ParticipantRule.Participant;
import se.samverkan.shared.ConsentLevel;

/** Whether a participant who is not the caller keeps a basis, on neutral facts: no stack, no consent records. */
class ParticipantRuleTest {

  private static final Instant NOW = Instant.now();
  private static final Instant INVITED = NOW.minusSeconds(3600);
  private static final UUID CHILD = UUID.randomUUID();
  private static final UUID ANNA = UUID.randomUUID();
  private static final UUID MARIA = UUID.randomUUID();
  private static final UUID KARIN = UUID.randomUUID();

  private record Terms(ConsentLevel level, Instant validFrom, Instant validUntil, Instant withdrawnAt, List<String> persons,
                       List<String> organisations) implements ConsentTerms {
  }

  private static Consent consent(ConsentLevel level, List<String> organisations, Instant withdrawnAt, String... addresses) {
    Set<String> named = Set.of(addresses);
    return new Consent(new Terms(level, NOW.minusSeconds(7200), null, withdrawnAt, List.of(), organisations), named::contains);
  }

  private static ChildFacts child(List<Consent> consents, Map<UUID, Member> members, Map<UUID, Instant> ended) {
    return new ChildFacts(CHILD, ANNA, members, ended, consents, Set.of(KARIN), Set.of("karin@example.se"));
  }

  private static Participant professional(UUID subject, String username, String organisation) {
    return new Participant(Invited.PROFESSIONAL, subject, username, organisation, username + "@example.se", INVITED);
  }

  private static Participant byMail(Invited as, String email) {
    return new Participant(as, null, null, null, email, INVITED);
  }

  @Test
  void theChildContactShouldKeepTheirBasisWithoutAnyConsent() {
    assertEquals(TeamRole.CHILD_CONTACT,
        ParticipantRule.factsOf(ConsentLevel.WRITTEN_UPDATED, professional(ANNA, "anna.bvc", "bvc"), child(List.of(), Map.of(),
            Map.of()), NOW).teamRole());
    assertTrue(ParticipantRule.holds(ConsentLevel.WRITTEN_UPDATED, professional(ANNA, "anna.bvc", "bvc"),
        List.of(child(List.of(), Map.of(), Map.of())), NOW));
  }

  @Test
  void aMemberShouldBeOfTheTeamOnlyWhileAnUpdatedWrittenConsentCoversThem() {
    Map<UUID, Member> maria = Map.of(MARIA, new Member("maria.polis", "polisen"));
    Participant p = professional(MARIA, "maria.polis", "polisen");
    ChildFacts updated = child(List.of(consent(ConsentLevel.WRITTEN_UPDATED, List.of("polisen"), null)), maria, Map.of());
    ChildFacts written = child(List.of(consent(ConsentLevel.WRITTEN, List.of("polisen"), null)), maria, Map.of());
    ChildFacts withdrawn = child(List.of(consent(ConsentLevel.WRITTEN_UPDATED, List.of("polisen"), NOW.minusSeconds(60))), maria,
        Map.of());
    assertEquals(TeamRole.MEMBER, ParticipantRule.factsOf(ConsentLevel.WRITTEN, p, updated, NOW).teamRole());
    assertEquals(null, ParticipantRule.factsOf(ConsentLevel.WRITTEN, p, written, NOW).teamRole(),
        "a written consent is no team relation");
    assertTrue(ParticipantRule.holds(ConsentLevel.WRITTEN, p, List.of(written), NOW), "but covers her for a Barnteam");
    assertFalse(ParticipantRule.holds(ConsentLevel.WRITTEN_UPDATED, p, List.of(written), NOW));
    assertFalse(ParticipantRule.holds(ConsentLevel.WRITTEN, p, List.of(withdrawn), NOW));
  }

  @Test
  void aProfessionalWithoutAnAccountShouldNotBeCoveredByAnOrganisation() {
    Participant noAccount = new Participant(Invited.PROFESSIONAL, null, null, "polisen", "maria@polisen.se", INVITED);
    assertFalse(ParticipantRule.holds(ConsentLevel.WRITTEN, noAccount,
        List.of(child(List.of(consent(ConsentLevel.WRITTEN, List.of("polisen"), null)), Map.of(), Map.of())), NOW));
  }

  @Test
  void someoneByMailShouldNeedAConsentInForceAtTheLevelThatNamesTheirAddress() {
    Participant eva = byMail(Invited.OTHER, "eva@example.se");
    assertTrue(ParticipantRule.holds(ConsentLevel.WRITTEN, eva,
        List.of(child(List.of(consent(ConsentLevel.WRITTEN, List.of(), null, "eva@example.se")), Map.of(), Map.of())), NOW));
    assertFalse(ParticipantRule.holds(ConsentLevel.WRITTEN_UPDATED, eva,
        List.of(child(List.of(consent(ConsentLevel.WRITTEN, List.of(), null, "eva@example.se")), Map.of(), Map.of())), NOW));
    assertFalse(ParticipantRule.holds(ConsentLevel.WRITTEN, eva, List.of(child(List.of(consent(ConsentLevel.WRITTEN, List.of(),
        NOW.minusSeconds(60), "eva@example.se")), Map.of(), Map.of())), NOW), "withdrawn");
    assertFalse(ParticipantRule.holds(ConsentLevel.WRITTEN, eva,
        List.of(child(List.of(consent(ConsentLevel.WRITTEN, List.of("bvc"), null, "other@example.se")), Map.of(), Map.of())), NOW));
  }

  @Test
  void familyShouldBeOnRecordByAccountOrElseByAddress() {
    ChildFacts c = child(List.of(), Map.of(), Map.of());
    assertTrue(ParticipantRule.holds(ConsentLevel.WRITTEN_UPDATED,
        new Participant(Invited.GUARDIAN, KARIN, "karin", null, "whatever@example.se", INVITED), List.of(c), NOW));
    assertFalse(ParticipantRule.holds(ConsentLevel.WRITTEN_UPDATED,
        new Participant(Invited.GUARDIAN, UUID.randomUUID(), "someone", null, "karin@example.se", INVITED), List.of(c), NOW),
        "an account that is not the linked guardian's is not family, whatever its address");
    assertTrue(ParticipantRule.holds(ConsentLevel.WRITTEN_UPDATED, byMail(Invited.CHILD, " Karin@Example.SE "), List.of(c), NOW));
    assertFalse(ParticipantRule.holds(ConsentLevel.WRITTEN_UPDATED, byMail(Invited.GUARDIAN, "eva@example.se"), List.of(c), NOW));
  }

  @Test
  void leavingTheTeamAfterTheInvitationShouldEndTheBasisAndEveryChildShouldBeNeeded() {
    Participant p = professional(MARIA, "maria.polis", "polisen");
    List<Consent> covering = List.of(consent(ConsentLevel.WRITTEN_UPDATED, List.of("polisen"), null));
    assertFalse(ParticipantRule.holds(ConsentLevel.WRITTEN_UPDATED, p, List.of(child(covering, Map.of(),
        Map.of(MARIA, INVITED.plusSeconds(60)))), NOW));
    assertTrue(ParticipantRule.holds(ConsentLevel.WRITTEN_UPDATED, p, List.of(child(covering, Map.of(),
        Map.of(MARIA, INVITED.minusSeconds(60)))), NOW));
    assertFalse(ParticipantRule.holds(ConsentLevel.WRITTEN_UPDATED, p, List.of(child(covering, Map.of(), Map.of()),
        child(List.of(), Map.of(), Map.of())), NOW), "a basis for one child of two is not enough");
    assertFalse(ParticipantRule.holds(ConsentLevel.WRITTEN_UPDATED, p, List.of(), NOW), "a meeting about no child tells nobody");
  }

  @Test
  void aParticipantShouldBeInvitedAndAddressesComparedWithoutSpaceOrCase() {
    assertThrows(IllegalArgumentException.class, () -> new Participant(Invited.NOT_INVITED, null, null, null, "a@b.se", INVITED));
    assertEquals("karin@example.se", ParticipantRule.address("  KARIN@example.se\t"));
    assertEquals(null, ParticipantRule.address(null));
  }
}
