package se.samverkan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * In a real browser: anna.bvc registers a child, is refused adding maria.polis without consent,
 * records consent, adds her, and sees every sharing-log entry verified in the page; karin.guardian
 * sees the same disclosure verified in the family view, with the fingerprint of the log's key. Then,
 * with the keyboard alone, anna records and withdraws consent; after a handover without consent erik does not see who was in the team.
 */
@ExtendWith(SamverkanExtension.class)
class BrowserTeamTest {

  @Test
  void consentShouldGateTheTeamTheFamilyShouldSeeTheVerifiedLogAndTheKeyboardShouldSuffice(TestStack stack) throws Exception {
    BrowserTests.Result result = BrowserTests.run(stack, "e2e/team.e2e.mjs");
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("# pass 2"), result.output());
    assertTrue(result.output().contains("# fail 0"), result.output());
    String fingerprint = stack.app().shared().sharingLog().fingerprint();
    assertTrue(result.output().contains("Karin sees the log key fingerprint: " + fingerprint), result.output());
  }
}
