package se.samverkan.meeting;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.samverkan.consent.ConsentRecord;
import se.samverkan.membership.TeamMemberRecord;
import se.samverkan.policy.ParticipantRule.ChildFacts;
import se.samverkan.shared.ConsentLevel;

/** Whether a participant who is not the caller may still be told about a meeting, on facts already read. */
class ParticipantBasisTest {

  private static final Instant NOW = Instant.now();
  private static final Instant INVITED = NOW.minusSeconds(3600);
  private static final UUID CHILD = UUID.randomUUID();
  private static final UUID MARIA = UUID.randomUUID();

  private static ConsentRecord consent(ConsentLevel level, List<String> organisations, List<String> persons) {
    Instant then = NOW.minusSeconds(7200);
    return new ConsentRecord(UUID.randomUUID(), CHILD, level, new byte[0], false, organisations, persons, new byte[0],
        new byte[0], then, null, "anna.bvc", then, null, null, null, null);
  }

  private static ParticipantRecord professional(UUID subject, String username, String organisation) {
    return new ParticipantRecord(UUID.randomUUID(), UUID.randomUUID(), subject, username, null, null, new byte[0],
        ParticipantRole.PROFESSIONAL, Answer.NEEDS_ACTION, 0, null, null, organisation, INVITED);
  }

  private static ParticipantRecord byMail(String role) {
    return new ParticipantRecord(UUID.randomUUID(), UUID.randomUUID(), null, null, null, null, new byte[0], ParticipantRole.valueOf(role),
        Answer.NEEDS_ACTION, 0, null, null, null, INVITED);
  }

  private static ChildFacts facts(List<ConsentRecord> consents, Map<UUID, TeamMemberRecord> members, Map<UUID, Instant> ended,
      Set<String> guardianAddresses) {
    return ParticipantBasis.childFacts(CHILD, UUID.randomUUID(), members, ended, consents, Set.of(), guardianAddresses, null);
  }

  @Test
  void aBarnteamInviteeShouldKeepTheirBasisOnlyWhileAWrittenConsentCoversTheirOrganisation() {
    ParticipantRecord maria = professional(MARIA, "maria.polis", "polisen");
    ChildFacts police = facts(List.of(consent(ConsentLevel.WRITTEN, List.of("polisen"), List.of())), Map.of(), Map.of(), Set.of());
    ChildFacts bvcOnly = facts(List.of(consent(ConsentLevel.WRITTEN, List.of("region-kronoberg"), List.of())), Map.of(), Map.of(),
        Set.of());
    assertTrue(ParticipantBasis.holds(MeetingKind.STANDING_TEAM, maria, "maria@polisen.se", List.of(police), NOW));
    assertFalse(ParticipantBasis.holds(MeetingKind.STANDING_TEAM, maria, "maria@polisen.se", List.of(bvcOnly), NOW));
    assertFalse(ParticipantBasis.holds(MeetingKind.STANDING_TEAM, maria, "maria@polisen.se", List.of(police, bvcOnly), NOW),
        "a Barnteam invitee needs a basis for every child the meeting takes up");
    assertFalse(ParticipantBasis.holds(MeetingKind.CHILD_TEAM, maria, "maria@polisen.se", List.of(police), NOW),
        "the child's own team needs an updated written consent");
  }

  @Test
  void aRemovalFromTheTeamAfterTheInvitationShouldEndTheBasisThoughAConsentStillCoversThem() {
    ParticipantRecord maria = professional(MARIA, "maria.polis", "polisen");
    List<ConsentRecord> consents = List.of(consent(ConsentLevel.WRITTEN_UPDATED, List.of("polisen"), List.of()));
    assertTrue(ParticipantBasis.holds(MeetingKind.CHILD_TEAM, maria, "m", List.of(facts(consents, Map.of(), Map.of(), Set.of())), NOW));
    assertFalse(ParticipantBasis.holds(MeetingKind.CHILD_TEAM, maria, "m",
        List.of(facts(consents, Map.of(), Map.of(MARIA, NOW.minusSeconds(60)), Set.of())), NOW));
    assertTrue(ParticipantBasis.holds(MeetingKind.CHILD_TEAM, maria, "m",
        List.of(facts(consents, Map.of(), Map.of(MARIA, INVITED.minusSeconds(60)), Set.of())), NOW),
        "a membership that ended before she was invited says nothing about the invitation");
  }

  @Test
  void familyByMailShouldNeedAnAddressOnRecordWhateverItsCase() {
    ChildFacts family = facts(List.of(), Map.of(), Map.of(), Set.of("karin@example.se"));
    assertTrue(ParticipantBasis.holds(MeetingKind.FOLLOW_UP, byMail("GUARDIAN"), " Karin@Example.se", List.of(family), NOW));
    assertTrue(ParticipantBasis.holds(MeetingKind.FOLLOW_UP, byMail("CHILD"), "karin@example.se", List.of(family), NOW));
    assertFalse(ParticipantBasis.holds(MeetingKind.FOLLOW_UP, byMail("GUARDIAN"), "someone@example.se", List.of(family), NOW));
  }
}
