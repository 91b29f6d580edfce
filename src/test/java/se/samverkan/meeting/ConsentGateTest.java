package se.samverkan.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.samverkan.consent.ConsentRecord;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.sharinglog.Disclosure.LegalBasis;

/** The consent gate's rule without the stack: a Barnteam invitation needs a consent that names the invitee. */
class ConsentGateTest {

  private static final UUID CHILD = UUID.randomUUID();
  private static final Principal ANNA = new Principal(UUID.randomUUID().toString(), "anna.bvc", "Anna", "anna@bvc.se",
      List.of("bvc"), Set.of(Role.PROFESSIONAL, Role.CHILD_CONTACT), Instant.now().plusSeconds(300));

  private static ConsentRecord consent(ConsentLevel level, List<String> organisations, List<String> persons) {
    Instant then = Instant.now().minusSeconds(60);
    return new ConsentRecord(UUID.randomUUID(), CHILD, level, new byte[0], false, organisations, persons, new byte[0],
        new byte[0], then, null, "anna.bvc", then, null, null, null, null);
  }

  private static Invitee professional(String username, String alias) {
    DirectoryUser u = new DirectoryUser(UUID.randomUUID().toString(), username, username, username + "@example.se", true,
        List.of(new Organisation(UUID.randomUUID().toString(), alias, alias)), Set.of(Role.PROFESSIONAL));
    return new Invitee(u, u.name(), u.email(), ParticipantRole.PROFESSIONAL);
  }

  @Test
  void aWrittenConsentNamingOnlyBvcShouldNotLetThePoliceOrSocialServicesBeToldOfABarnteam() {
    ConsentRecord bvcOnly = consent(ConsentLevel.WRITTEN, List.of("bvc"), List.of());
    Invitee maria = professional("maria.polis", "polisen");
    Invitee lars = professional("lars.soc", "socialtjansten");
    Invitee britt = professional("britt.bvc", "bvc");
    ConsentGate.Evaluation e = ConsentGate.evaluate(MeetingKind.STANDING_TEAM, CHILD, List.of(maria, lars, britt), true, ANNA,
        null, List.of(bvcOnly));
    assertFalse(e.childWithoutConsent(), "the child may be raised in a Barnteam");
    assertEquals(2, e.missing().size(), e.missing().toString());
    assertTrue(e.missing().stream().allMatch(m -> m.json().getString("childId").equals(CHILD.toString())));
    assertEquals(LegalBasis.consent(bvcOnly.id()), e.bases().get(britt.key()), "BVC is told on the consent naming BVC");
    assertFalse(e.bases().containsKey(maria.key()), "no basis is cited for someone the consent does not cover");
    assertFalse(e.bases().containsKey(lars.key()));
  }

  @Test
  void theBasisCitedShouldBeTheConsentThatCoversTheRecipient() {
    ConsentRecord police = consent(ConsentLevel.WRITTEN, List.of("polisen"), List.of());
    ConsentRecord bvc = consent(ConsentLevel.WRITTEN_UPDATED, List.of("bvc"), List.of());
    Invitee maria = professional("maria.polis", "polisen");
    // Newest first, as the repository returns them: the BVC consent is newer but does not cover Maria.
    ConsentGate.Evaluation e = ConsentGate.evaluate(MeetingKind.STANDING_TEAM, CHILD, List.of(maria), false, ANNA, null,
        List.of(bvc, police));
    assertTrue(e.missing().isEmpty());
    assertEquals(LegalBasis.consent(police.id()), e.bases().get(maria.key()));
  }
}
