package se.samverkan.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.samverkan.shared.ConsentLevel;

/** The consent rule's Java form without the stack (its SQL twin: {@code consent.ConsentRuleAgreementTest}). */
class ConsentRuleTest {

  private static final Instant NOW = Instant.now();

  private record Terms(String name, ConsentLevel level, Instant validFrom, Instant validUntil, Instant withdrawnAt,
                       List<String> persons, List<String> organisations) implements ConsentTerms {
  }

  private static Terms consent(String name, ConsentLevel level, List<String> persons, List<String> organisations) {
    return new Terms(name, level, NOW.minusSeconds(60), null, null, persons, organisations);
  }

  @Test
  void aConsentNamingThePersonShouldBePreferredOverAnOlderOrNewerOneNamingTheirOrganisation() {
    Terms byOrganisation = consent("org", ConsentLevel.WRITTEN_UPDATED, List.of(), List.of("polisen"));
    Terms byName = consent("name", ConsentLevel.WRITTEN_UPDATED, List.of("maria.polis"), List.of());
    assertEquals(Optional.of(byName), ConsentRule.covering(List.of(byOrganisation, byName), "maria.polis", "polisen",
        ConsentLevel.WRITTEN, NOW));
    assertEquals(Optional.of(byOrganisation), ConsentRule.covering(List.of(byOrganisation, byName), "erik.polis", "polisen",
        ConsentLevel.WRITTEN, NOW));
  }

  @Test
  void theNewestCoveringConsentAtTheLevelShouldBeCited() {
    Terms newer = consent("newer", ConsentLevel.WRITTEN, List.of(), List.of("polisen"));
    Terms older = consent("older", ConsentLevel.WRITTEN_UPDATED, List.of(), List.of("polisen"));
    assertEquals(Optional.of(newer), ConsentRule.covering(List.of(newer, older), "maria.polis", "polisen", ConsentLevel.WRITTEN, NOW));
    assertEquals(Optional.of(older), ConsentRule.covering(List.of(newer, older), "maria.polis", "polisen",
        ConsentLevel.WRITTEN_UPDATED, NOW), "a written consent does not satisfy what needs an updated one");
    assertEquals(Optional.empty(), ConsentRule.covering(List.of(newer, older), "maria.polis", null, ConsentLevel.ORAL, NOW),
        "without an organisation only a consent naming the person covers");
  }

  @Test
  void nowAnyWithdrawalShouldCountButAtAMomentPastOnlyOneMadeBeforeIt() {
    Terms withdrawnLater = new Terms("w", ConsentLevel.WRITTEN_UPDATED, NOW.minusSeconds(3600), null, NOW.plusSeconds(60), List.of(),
        List.of("bvc"));
    assertFalse(ConsentRule.inForce(withdrawnLater, NOW));
    assertTrue(ConsentRule.inForceAt(withdrawnLater, NOW));
    assertFalse(ConsentRule.inForceAt(withdrawnLater, NOW.plusSeconds(60)));
  }

  @Test
  void theLevelsSatisfyingShouldBeTheStepAndTheLaterOnes() {
    assertArrayEquals(new String[] {"ORAL", "WRITTEN", "WRITTEN_UPDATED"}, ConsentRule.levelsSatisfying(ConsentLevel.ORAL));
    assertArrayEquals(new String[] {"WRITTEN_UPDATED"}, ConsentRule.levelsSatisfying(ConsentLevel.WRITTEN_UPDATED));
    assertEquals("k.level IN ('WRITTEN', 'WRITTEN_UPDATED')", ConsentRule.levelSql("k", ConsentLevel.WRITTEN));
  }
}
