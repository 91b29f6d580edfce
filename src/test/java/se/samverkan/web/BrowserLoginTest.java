package se.samverkan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * A real browser (Debian's chromium, driven by playwright-core) logs in as anna.bvc through
 * Keycloak's own login page and sees her name and organisation, then logs out.
 */
@ExtendWith(SamverkanExtension.class)
class BrowserLoginTest {

  @Test
  void annaShouldLogInThroughKeycloakAndSeeHerProfile(TestStack stack) throws Exception {
    BrowserTests.Result result = BrowserTests.run(stack, "e2e/login.e2e.mjs");
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("# pass 1"), result.output());
  }
}
