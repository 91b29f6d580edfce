package se.samverkan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * In two real browsers: anna.bvc registers a child, records consent covering Växjö kommun and adds
 * erik.rektor to the team; both open the child's "Teamkanal". Messages go both ways live (no
 * reload), in the same order on both sides, with read receipts, a live edit and removal, and after
 * Erik's connection is cut he is shown as disconnected and then resumes without gaps or duplicates.
 * Once the channel holds more than a page, scrolling up loads the older history (infinite scroll).
 */
@ExtendWith(SamverkanExtension.class)
class BrowserChannelTest {

  @Test
  void twoMembersShouldExchangeMessagesLiveInTheirBrowsers(TestStack stack) throws Exception {
    BrowserTests.Result result = BrowserTests.run(stack, "e2e/channel.e2e.mjs");
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("# pass 1"), result.output());
  }
}
