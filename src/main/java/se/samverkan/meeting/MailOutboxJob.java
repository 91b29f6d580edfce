package se.samverkan.meeting;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.Application;
import se.samverkan.config.AppConfig;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.KeyVault;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.Organisation;

/**
 * Sends the mails in {@code mail_outbox}: invitations (iMIP REQUEST), cancellations and reminders.
 * A mail is rendered when it is sent, from the meeting as it is then, and marked sent only after
 * the SMTP server took it; a failure leaves it pending with a growing wait, so a server that is
 * down loses nothing. A REQUEST made stale by a later change (there is a newer one) is superseded
 * instead of sent, so nobody gets two versions of the same change. Woken by {@link
 * MeetingService#MAIL_KICK} after a commit, and by a timer for retries and reminders.
 */
public final class MailOutboxJob extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MailOutboxJob.class);
  /** Runs the outbox now and replies with the number of mails handled; for operations and tests. */
  public static final String RUN_ADDRESS = "samverkan.mail.run";
  private static final Duration TICK = Duration.ofSeconds(2);
  private static final Duration MAX_WAIT = Duration.ofMinutes(5);
  private static final int BATCH = 20;

  private final Application.Shared shared;
  private Pool pool;
  private MeetingRepository meetings;
  private KeyVault keys;
  private KeycloakDirectory directory;
  private Mailer mailer;
  private RsvpTokens tokens;
  private AppConfig.Mail config;
  private URI publicUrl;
  private long timer = -1;
  private MessageConsumer<String> kicks;
  private MessageConsumer<String> runs;
  private Future<Integer> running = Future.succeededFuture(0);

  public MailOutboxJob(Application.Shared shared) {
    this.shared = shared;
  }

  @Override
  public Future<?> start() {
    pool = shared.pool();
    meetings = new MeetingRepository(pool);
    keys = shared.keyVault();
    directory = KeycloakDirectory.create(vertx, shared.config().oidc());
    config = shared.config().mail();
    mailer = Mailer.create(vertx, config);
    tokens = rsvpTokens(shared);
    publicUrl = shared.publicUrl();
    timer = vertx.setPeriodic(TICK.toMillis(), t -> kick());
    kicks = vertx.eventBus().localConsumer(MeetingService.MAIL_KICK, m -> kick());
    runs = vertx.eventBus().localConsumer(RUN_ADDRESS, m -> run()
        .onSuccess(m::reply)
        .onFailure(err -> m.fail(500, err.getMessage())));
    return Future.succeededFuture();
  }

  /** The key of the RSVP links: derived from the master key, so every node agrees without more configuration. */
  public static RsvpTokens rsvpTokens(Application.Shared shared) {
    return new RsvpTokens(shared.masterKey().deriveKey("rsvp-links"), Clock.systemUTC());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.all(kicks.unregister(), runs.unregister());
  }

  private void kick() {
    run().onFailure(err -> LOG.warn("The mail outbox could not be worked: {}", err.getMessage()));
  }

  /** One pass at a time per node: reminders due, then every mail due. */
  Future<Integer> run() {
    running = running.transform(x -> queueReminders().compose(r -> drain(0)));
    return running;
  }

  private Future<Integer> queueReminders() {
    return pool.withTransaction(tx -> meetings.dueReminders(tx).compose(due -> {
      Future<Void> chain = Future.succeededFuture();
      for (MeetingRecord m : due) {
        chain = chain.compose(x -> meetings.participants(tx, m.id())).compose(ps -> {
          Future<Void> each = Future.succeededFuture();
          for (ParticipantRecord p : ps) {
            // To those who accepted or have not answered (a tentative answer counts as not final).
            if (p.active() && !"DECLINED".equals(p.answer())) {
              each = each.compose(x -> meetings.enqueue(tx, m.id(), p.id(), "REMINDER", m.sequence()));
            }
          }
          return each;
        }).compose(x -> meetings.markReminded(tx, m.id()));
      }
      return chain.map(due.size());
    }));
  }

  private Future<Integer> drain(int handled) {
    return meetings.claimDue(BATCH).compose(rows -> {
      if (rows.isEmpty()) {
        return Future.succeededFuture(handled);
      }
      Future<Void> chain = Future.succeededFuture();
      for (Row row : rows) {
        chain = chain.compose(x -> handle(row));
      }
      return chain.compose(x -> rows.size() < BATCH ? Future.succeededFuture(handled + rows.size())
          : drain(handled + rows.size()));
    });
  }

  private Future<Void> handle(Row row) {
    UUID outboxId = row.getUUID("id");
    String kind = row.getString("kind");
    int attempts = row.getInteger("attempts");
    return Future.all(meetings.find(pool, row.getUUID("meeting_id")), meetings.participant(pool, row.getUUID("participant_id")))
        .compose(found -> {
          Optional<MeetingRecord> meeting = found.resultAt(0);
          Optional<ParticipantRecord> participant = found.resultAt(1);
          if (meeting.isEmpty() || participant.isEmpty() || stale(kind, row.getInteger("sequence"), meeting.get(), participant.get())) {
            return meetings.markSuperseded(outboxId);
          }
          return meetings.hasSentRequest(participant.get().id())
              .compose(informedBefore -> render(outboxId, kind, meeting.get(), participant.get(), informedBefore))
              .compose(mailer::send)
              .compose(x -> meetings.markSent(outboxId))
              .recover(err -> {
                Duration wait = backoff(attempts);
                // The log names the outbox row, never the address or the meeting (scrub also blanks echoed addresses).
                String reason = scrub(err.getMessage());
                LOG.warn("Mail {} ({}) not sent, attempt {}; retrying in {} s: {}", outboxId, kind, attempts + 1,
                    wait.toSeconds(), reason);
                return meetings.markFailed(outboxId, Instant.now().plus(wait), reason);
              });
        });
  }

  /** Whether a mail no longer says anything true: the meeting or the person's invitation moved on. */
  private static boolean stale(String kind, int sequence, MeetingRecord m, ParticipantRecord p) {
    return switch (kind) {
      case "REQUEST" -> m.cancelled() || !p.active() || sequence < m.sequence();
      case "REMINDER" -> m.cancelled() || !p.active() || "DECLINED".equals(p.answer()) || !m.start().isAfter(Instant.now());
      default -> false;
    };
  }

  private Duration backoff(int attempts) {
    long seconds = config.retryBase().toSeconds() << Math.min(attempts, 20);
    return seconds > MAX_WAIT.toSeconds() ? MAX_WAIT : Duration.ofSeconds(Math.max(1, seconds));
  }

  /**
   * An SMTP error as it may be logged and stored: servers echo addresses ("550 <karin@…>: unknown
   * user"), which are sealed everywhere else, so any address is blanked out.
   */
  static String scrub(String error) {
    if (error == null) {
      return null;
    }
    String blanked = error.replaceAll("[^\\s<>\"'@]+@[^\\s<>\"'@]+", "<adress>");
    return blanked.length() > 500 ? blanked.substring(0, 500) : blanked;
  }

  private Future<OutgoingMail> render(UUID outboxId, String kind, MeetingRecord m, ParticipantRecord p, boolean informedBefore) {
    return Future.all(keys.keyFor(m.childId()), directory.organisations().otherwise(Map.of()))
        .compose(ready -> ParticipantNames.of(p, ready.resultAt(0), directory).map(name -> {
      DataKey key = ready.resultAt(0);
      Map<String, Organisation> orgs = ready.resultAt(1);
      Organisation org = m.organiserOrganisation() == null ? null : orgs.get(m.organiserOrganisation());
      boolean personalLink = !p.hasAccount();
      String link = personalLink
          ? publicUrl + "/rsvp/" + tokens.issue(p.id(), m.id(), m.end())
          : publicUrl + "/#/moten/" + m.id();
      Invitations.View view = new Invitations.View(
          m.icalUid(), m.sequence(), m.kind(), m.start(), m.end(),
          key.open("meeting.location", m.id(), m.locationSealed()),
          key.open("meeting.video-link", m.id(), m.videoLinkSealed()),
          m.organiserName(), org != null ? org.name() : m.organiserOrganisation(), m.organiserEmail(),
          // Mails name no child, not even the child they are sent to.
          "CHILD".equals(p.role()) ? null : name,
          key.open("participant.email", p.id(), p.emailSealed()),
          p.answer(), link, personalLink);
      String messageId = outboxId + "@" + publicUrl.getHost();
      return switch (kind) {
        case "REQUEST" -> Invitations.request(view, config.from(), informedBefore, messageId);
        case "CANCEL" -> Invitations.cancel(view, config.from(), !m.cancelled(), messageId);
        case "REMINDER" -> Invitations.reminder(view, messageId);
        default -> throw new IllegalStateException("unknown mail kind " + kind);
      };
    }));
  }
}
