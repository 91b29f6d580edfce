package se.samverkan.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.samverkan.consent.ConsentGateRule;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.shared.ConsentLevel;

/** What each kind of meeting asks of the consent gate's rule ({@code consent.ConsentGateRuleTest}), and who an invitee is to it. */
class ConsentGateTest {

  private static final Principal ANNA = new Principal(UUID.randomUUID().toString(), "anna.bvc", "Anna", "anna@bvc.se",
      List.of("bvc"), Set.of(Role.PROFESSIONAL, Role.CHILD_CONTACT), Instant.now().plusSeconds(300));

  private static Invitee professional(String id, String username, String alias, String organisationName) {
    DirectoryUser u = new DirectoryUser(id, username, "Maria Polis", username + "@example.se", true,
        List.of(new Organisation(UUID.randomUUID().toString(), alias, organisationName)), Set.of(Role.PROFESSIONAL));
    return new Invitee(u, u.name(), u.email(), ParticipantRole.PROFESSIONAL);
  }

  @Test
  void aBarnteamShouldNeedAWrittenConsentPerChildAndEveryOtherKindAnUpdatedOne() {
    assertEquals(new ConsentGateRule.Requirement(ConsentLevel.WRITTEN, true), ConsentGate.requirement(MeetingKind.STANDING_TEAM));
    for (MeetingKind kind : MeetingKind.values()) {
      if (kind != MeetingKind.STANDING_TEAM) {
        assertEquals(new ConsentGateRule.Requirement(ConsentLevel.WRITTEN_UPDATED, false), ConsentGate.requirement(kind), kind.name());
      }
    }
  }

  @Test
  void anInviteeShouldBeTheOrganiserFamilyAnAccountOrSomeoneByMail() {
    assertInstanceOf(ConsentGateRule.Organiser.class,
        ConsentGate.recipient(professional(ANNA.subject(), "anna.bvc", "bvc", "BVC"), ANNA));
    assertEquals(new ConsentGateRule.Account("user:maria.polis", "maria.polis", "polisen", "Maria Polis (Polisen)"),
        ConsentGate.recipient(professional(UUID.randomUUID().toString(), "maria.polis", "polisen", "Polisen"), ANNA));
    assertEquals(new ConsentGateRule.External("mail:eva@example.se", "Eva", "Eva@example.se"),
        ConsentGate.recipient(new Invitee(null, "Eva", "Eva@example.se", ParticipantRole.OTHER), ANNA));
    assertTrue(ConsentGate.recipient(new Invitee(null, "Karin", "karin@example.se", ParticipantRole.GUARDIAN), ANNA)
        instanceof ConsentGateRule.Family);
  }
}
