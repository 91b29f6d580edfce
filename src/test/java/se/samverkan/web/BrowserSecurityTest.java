package se.samverkan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;
import se.samverkan.testing.TestUsers;

/**
 * In a real browser: sec.admin finds a throwaway Ljungby user on Personer, logs them out everywhere
 * through the confirmation dialog and sees the audit row in Säkerhetslogg; on Loggkontroll draws a
 * sample with a seed and sees the seed; the export answers CSV.
 */
@ExtendWith(SamverkanExtension.class)
class BrowserSecurityTest {

  @Test
  void securityAdminShouldLogAPersonOutEverywhereSeeItAuditedAndDrawASeededSample(TestStack stack) throws Exception {
    String username = TestUsers.create(stack, "web", "ljungby");
    BrowserTests.Result result = BrowserTests.run(stack, "e2e/security.e2e.mjs", Map.of("SAMVERKAN_E2E_TARGET_USER", username));
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("# pass 1"), result.output());
    assertTrue(result.output().contains("# fail 0"), result.output());
    assertTrue(result.output().contains("Audit row for " + username + ": user.logout"), result.output());
  }
}
