package se.samverkan.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.samverkan.config.AppConfig;

/** How the SMTP client talks to a real (stub) SMTP server: TLS policy and timeouts. */
class MailerTransportTest {

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private static AppConfig.Mail config(int port, String tls) {
    return new AppConfig.Mail("127.0.0.1", port, null, null, tls, "samverkan@localhost", null,
        Duration.ofHours(24), Duration.ofSeconds(1));
  }

  private static OutgoingMail mail(String to) {
    return new OutgoingMail(to, "Inbjudan", "Hej!", null, null, java.util.UUID.randomUUID() + "@localhost");
  }

  @Test
  void starttlsShouldRefuseToSendInPlainTextWhenTheServerDoesNotOfferIt() throws Exception {
    try (SmtpStub plain = new SmtpStub(0, address -> "250 OK", false)) {
      Mailer mailer = Mailer.create(vertx, config(plain.port(), "STARTTLS"));
      Exception refused = assertThrows(Exception.class, () -> mailer.send(mail("erik@example.se")).await(30, TimeUnit.SECONDS));
      assertTrue(plain.delivered().isEmpty(), "a mail went out without TLS: " + plain.commands());
      assertTrue(plain.commands().stream().noneMatch(c -> c.toUpperCase().startsWith("MAIL FROM")),
          "the client must stop before MAIL FROM: " + plain.commands() + " / " + refused);
    }
  }

  @Test
  void tlsNoneShouldSendInPlainText() throws Exception {
    try (SmtpStub plain = new SmtpStub(0, address -> "250 OK", false)) {
      Mailer.create(vertx, config(plain.port(), "NONE")).send(mail("erik@example.se")).await(30, TimeUnit.SECONDS);
      assertEquals(List.of("erik@example.se"), plain.delivered());
    }
  }

  @Test
  void aServerThatNeverAnswersShouldFailTheSendInsteadOfHangingForever() throws Exception {
    try (SmtpStub hung = new SmtpStub(0, address -> "250 OK", true)) {
      Mailer mailer = new Mailer.Smtp(vertx, config(hung.port(), "NONE"), Duration.ofSeconds(2));
      long started = System.nanoTime();
      assertThrows(Exception.class, () -> mailer.send(mail("erik@example.se")).await(60, TimeUnit.SECONDS));
      assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(30)) < 0,
          "the send should give up after its timeout");
    }
  }
}
