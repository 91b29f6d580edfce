package se.samverkan.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** SMTP errors are logged and stored; the addresses they echo must not be. */
class SmtpErrorScrubbingTest {

  @Test
  void addressesInAnSmtpErrorShouldBeBlankedOut() {
    String scrubbed = MailOutboxJob.scrub("550 5.1.1 <karin.johansson+skola@example.se>: Recipient address rejected");
    assertEquals("550 5.1.1 <<adress>>: Recipient address rejected", scrubbed);
    assertFalse(MailOutboxJob.scrub("RCPT TO:erik.rektor@vaxjo.se refused, also 'sara@vaxjo.se'").contains("@"));
  }

  @Test
  void errorsWithoutAddressesShouldStayReadableAndBounded() {
    assertEquals("Connection refused: /127.0.0.1:2525", MailOutboxJob.scrub("Connection refused: /127.0.0.1:2525"));
    assertEquals(500, MailOutboxJob.scrub("x".repeat(2000)).length());
    assertEquals(null, MailOutboxJob.scrub(null));
  }
}
