package se.samverkan.meeting;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import se.samverkan.config.AppConfig;

/** Sends a rendered mail: over SMTP, or — in dev without an SMTP server — into .eml files. */
public interface Mailer {

  Future<Void> send(OutgoingMail mail);

  static Mailer create(Vertx vertx, AppConfig.Mail config) {
    return config.host() != null ? new Smtp(vertx, config) : new FileSink(vertx, config);
  }

  /**
   * SMTP through the Vert.x mail client. STARTTLS is required when configured: a server (or a man
   * in the middle) that does not offer it gets no mail rather than a plain-text one. A server that
   * accepts the connection and then stops answering fails the send after {@link #SEND_TIMEOUT}, so
   * the outbox is never stuck behind it.
   */
  final class Smtp implements Mailer {
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);
    private final MailClient client;
    private final String from;
    private final Duration timeout;

    Smtp(Vertx vertx, AppConfig.Mail config) {
      this(vertx, config, SEND_TIMEOUT);
    }

    Smtp(Vertx vertx, AppConfig.Mail config, Duration timeout) {
      MailConfig mc = new MailConfig()
          .setHostname(config.host())
          .setPort(config.port())
          .setSsl("TLS".equals(config.tls()))
          .setStarttls("STARTTLS".equals(config.tls()) ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
          .setKeepAlive(true)
          .setMaxPoolSize(4);
      mc.setConnectTimeout((int) Math.min(timeout.toMillis(), 10_000));
      // A pooled connection on which nothing moves for this long is dead (a hung server).
      mc.setIdleTimeout((int) Math.max(1, timeout.toSeconds())).setIdleTimeoutUnit(TimeUnit.SECONDS);
      if (config.user() != null) {
        mc.setUsername(config.user()).setPassword(config.password()).setLogin(LoginOption.REQUIRED);
      } else {
        mc.setLogin(LoginOption.DISABLED);
      }
      // Shared per server, so the outbox's instances on one node use one pool.
      this.client = MailClient.createShared(vertx, mc, "samverkan-mail:" + config.host() + ":" + config.port() + ":" + config.tls());
      this.from = config.from();
      this.timeout = timeout;
    }

    @Override
    public Future<Void> send(OutgoingMail mail) {
      MailMessage message = new MailMessage()
          .setFrom(from)
          .setTo(mail.to())
          .setSubject(mail.subject())
          .setText(mail.text());
      message.addHeader("Message-ID", "<" + mail.messageId() + ">");
      if (mail.calendar() != null) {
        // iMIP: the iCalendar object as its own text/calendar part with the iTIP method.
        message.setAttachment(MailAttachment.create()
            .setData(Buffer.buffer(mail.calendar(), "UTF-8"))
            .setContentType("text/calendar; method=" + mail.calendarMethod() + "; charset=UTF-8")
            .setName("invite.ics")
            .setDisposition("inline"));
      }
      return client.sendMail(message).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS).mapEmpty();
    }
  }

  /** Dev mode without SMTP: each mail becomes an .eml file (open it in any mail program). */
  final class FileSink implements Mailer {
    private final Vertx vertx;
    private final Path dir;
    private final String from;

    FileSink(Vertx vertx, AppConfig.Mail config) {
      this.vertx = vertx;
      this.dir = config.fileSink();
      this.from = config.from();
    }

    @Override
    public Future<Void> send(OutgoingMail mail) {
      return vertx.executeBlocking(() -> {
        Files.createDirectories(dir);
        String boundary = "samverkan-" + Long.toHexString(System.nanoTime());
        StringBuilder eml = new StringBuilder()
            .append("From: ").append(from).append("\r\n")
            .append("To: ").append(mail.to()).append("\r\n")
            .append("Subject: =?UTF-8?B?").append(Base64.getEncoder().encodeToString(mail.subject().getBytes(StandardCharsets.UTF_8)))
            .append("?=\r\n")
            .append("Message-ID: <").append(mail.messageId()).append(">\r\n")
            .append("Date: ").append(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now()))
            .append("\r\nMIME-Version: 1.0\r\n")
            .append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n")
            .append("--").append(boundary).append("\r\nContent-Type: text/plain; charset=UTF-8\r\n")
            .append("Content-Transfer-Encoding: 8bit\r\n\r\n").append(mail.text().replace("\n", "\r\n")).append("\r\n");
        if (mail.calendar() != null) {
          eml.append("--").append(boundary).append("\r\nContent-Type: text/calendar; method=").append(mail.calendarMethod())
              .append("; charset=UTF-8\r\nContent-Disposition: inline; filename=\"invite.ics\"\r\n\r\n")
              .append(mail.calendar()).append("\r\n");
        }
        eml.append("--").append(boundary).append("--\r\n");
        Path file = dir.resolve(Instant.now().toEpochMilli() + "-" + mail.messageId().replaceAll("[^A-Za-z0-9.-]", "_") + ".eml");
        Files.writeString(file, eml, StandardCharsets.UTF_8);
        return null;
      }, false);
    }
  }
}
