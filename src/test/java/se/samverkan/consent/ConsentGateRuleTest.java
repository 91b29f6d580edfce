package se.samverkan.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.samverkan.consent.ConsentGateRule.Account;
import se.samverkan.consent.ConsentGateRule.Recipient;
import se.samverkan.consent.ConsentGateRule.Requirement;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.sharinglog.Disclosure.LegalBasis;

/** The consent gate's rule without the stack: a Barnteam invitation needs a consent that names the invitee. */
class ConsentGateRuleTest {

  private static final UUID CHILD = UUID.randomUUID();
  // What a Barnteam needs (meeting.ConsentGate.requirement(STANDING_TEAM)).
  private static final Requirement BARNTEAM = new Requirement(ConsentLevel.WRITTEN, true);

  private static ConsentRecord consent(ConsentLevel level, List<String> organisations, List<String> persons) {
    Instant then = Instant.now().minusSeconds(60);
    return new ConsentRecord(UUID.randomUUID(), CHILD, level, new byte[0], false, organisations, persons, new byte[0],
        new byte[0], then, null, "anna.bvc", then, null, null, null, null);
  }

  private static Account professional(String username, String alias) {
    return new Account("user:" + username, username, alias, username + " (" + alias + ")");
  }

  @Test
  void aWrittenConsentNamingOnlyBvcShouldNotLetThePoliceOrSocialServicesBeToldOfABarnteam() {
    ConsentRecord bvcOnly = consent(ConsentLevel.WRITTEN, List.of("bvc"), List.of());
    Account maria = professional("maria.polis", "polisen");
    Account lars = professional("lars.soc", "socialtjansten");
    Account britt = professional("britt.bvc", "bvc");
    ConsentGateRule.Evaluation e = ConsentGateRule.evaluate(BARNTEAM, CHILD, List.<Recipient>of(maria, lars, britt), true,
        null, List.of(bvcOnly), Instant.now());
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
    Account maria = professional("maria.polis", "polisen");
    // Newest first, as the repository returns them: the BVC consent is newer but does not cover Maria.
    ConsentGateRule.Evaluation e = ConsentGateRule.evaluate(BARNTEAM, CHILD, List.<Recipient>of(maria), false, null,
        List.of(bvc, police), Instant.now());
    assertTrue(e.missing().isEmpty());
    assertEquals(LegalBasis.consent(police.id()), e.bases().get(maria.key()));
  }
}
