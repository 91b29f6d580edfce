package se.samverkan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * In a real browser: anna.bvc schedules an "Individuellt barnteam – första mötet" with
 * erik.rektor and a guardian without an account; erik.rektor accepts in the app, the guardian
 * through the personal link in her invitation mail (read from the test mailbox,
 * SAMVERKAN_MAILBOX_URL); anna.bvc's meeting page then shows both as accepted and both mails sent.
 * Also: changing and cancelling a meeting, and a Barnteam that takes up two children chosen in the form.
 */
@ExtendWith(SamverkanExtension.class)
class BrowserMeetingTest {

  @Test
  void annaShouldScheduleAndBothTheRectorAndTheGuardianShouldAccept(TestStack stack) throws Exception {
    BrowserTests.Result result = BrowserTests.run(stack, "e2e/meetings.e2e.mjs");
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("# pass 3"), result.output());
  }
}
