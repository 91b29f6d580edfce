package se.samverkan.meeting;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.ext.mail.SMTPException;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which send failures are worth another try, and what the organiser is told. */
class MailFailureClassificationTest {

  @Test
  void a5xxReplyShouldBePermanentAndA4xxReplyTemporary() {
    MailOutboxJob.Failure refused = MailOutboxJob.classify(
        new SMTPException("RCPT", 550, List.of("5.1.1 <karin@example.se>: User unknown"), true));
    assertTrue(refused.permanent());
    assertTrue(refused.reason().contains("550"), refused.reason());
    assertFalse(refused.reason().contains("karin@example.se"), refused.reason());

    MailOutboxJob.Failure later = MailOutboxJob.classify(new SMTPException("RCPT", 451, List.of("4.3.0 Try again"), true));
    assertFalse(later.permanent());
    assertTrue(later.reason().contains("451"), later.reason());
  }

  @Test
  void anUnreachableOrSilentServerShouldBeTemporary() {
    assertFalse(MailOutboxJob.classify(new ConnectException("Connection refused: /127.0.0.1:25")).permanent());
    assertFalse(MailOutboxJob.classify(new java.util.concurrent.TimeoutException("no reply")).permanent());
    assertFalse(MailOutboxJob.classify(new IllegalStateException("connection closed")).permanent());
  }

  @Test
  void aMailThatCannotBeMadeShouldBePermanent() {
    assertTrue(MailOutboxJob.classify(new MailOutboxJob.Unsendable(new IllegalStateException("bad calendar"))).permanent());
    assertTrue(MailOutboxJob.classify(new IllegalArgumentException("invalid address")).permanent());
  }
}
