package se.samverkan.meeting;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.SMTPException;
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
import se.samverkan.config.AppConfig;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.KeyVault;
import se.samverkan.crypto.MasterKey;
import se.samverkan.crypto.SealLabel;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.Organisation;
import se.samverkan.shared.EventAddresses;

/**
 * Sends the mails in {@code mail_outbox}: invitations (iMIP REQUEST), cancellations and reminders.
 * A mail is rendered when it is sent, from the meeting as it is then, and marked sent only after
 * the SMTP server took it. A temporary failure (the server unreachable, silent, or answering 4xx)
 * leaves it pending with a growing wait, so a server that is down loses nothing; a permanent one (a
 * 5xx refusal, an address or mail that cannot be sent) gives it up at once as FAILED with a reason
 * for the organiser, and so does a meeting that ended before the mail could go out. A REQUEST made
 * stale by a later change (there is a newer one) is superseded instead of sent, so nobody gets two
 * versions of the same change. Woken by {@link MeetingService#MAIL_KICK} after a commit, and by a
 * timer for retries and reminders; one pass runs at a time, and wake-ups during a pass are folded
 * into a single next pass.
 */
public final class MailOutboxJob extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MailOutboxJob.class);
  /** Runs the outbox now and replies with the number of mails handled; for operations and tests. */
  public static final String RUN_ADDRESS = "samverkan.mail.run";
  private static final Duration TICK = Duration.ofSeconds(2);
  /** How often every meeting still ahead is reconciled, besides each revocation (see {@link MeetingReconciler}). */
  private static final Duration SWEEP = Duration.ofMinutes(5);
  private static final Duration MAX_WAIT = Duration.ofMinutes(5);
  private static final int BATCH = 20;

  private final Pool pool;
  private final KeyVault keys;
  private final AppConfig.Oidc oidc;
  private final AppConfig.Mail config;
  private final RsvpTokens tokens;
  private final URI publicUrl;
  private MeetingRepository meetings;
  private KeycloakDirectory directory;
  private Mailer mailer;
  private long timer = -1;
  private long sweepTimer = -1;
  private MeetingReconciler reconciler;
  private MessageConsumer<JsonObject> revocations;
  private MessageConsumer<String> kicks;
  private MessageConsumer<String> runs;
  /** The pass in progress, or null. */
  private Future<Integer> current;
  /** One more pass, asked for while {@link #current} was running. */
  private io.vertx.core.Promise<Integer> next;

  public MailOutboxJob(Pool pool, KeyVault keys, AppConfig.Oidc oidc, AppConfig.Mail config, MasterKey masterKey,
      URI publicUrl) {
    this.pool = pool;
    this.keys = keys;
    this.oidc = oidc;
    this.config = config;
    this.tokens = rsvpTokens(masterKey);
    this.publicUrl = publicUrl;
  }

  @Override
  public Future<?> start() {
    meetings = new MeetingRepository(pool);
    directory = KeycloakDirectory.create(vertx, oidc);
    mailer = Mailer.create(vertx, config);
    reconciler = new MeetingReconciler(meetings, keys, vertx.eventBus());
    revocations = vertx.eventBus().consumer(EventAddresses.ACCESS_REVOKED, m -> reconcile(m.body()));
    // At start too: a revocation whose reconciliation a crash interrupted is caught up now.
    sweep();
    sweepTimer = vertx.setPeriodic(SWEEP.toMillis(), t -> sweep());
    timer = vertx.setPeriodic(TICK.toMillis(), t -> kick());
    kicks = vertx.eventBus().localConsumer(MeetingService.MAIL_KICK, m -> kick());
    runs = vertx.eventBus().localConsumer(RUN_ADDRESS, m -> run()
        .onSuccess(m::reply)
        .onFailure(err -> m.fail(500, err.getMessage())));
    return Future.succeededFuture();
  }

  /**
   * The key of the RSVP links: derived from the master key, so every node agrees without more
   * configuration (another derivation than the HMAC key of the readable links before, which no longer work).
   */
  public static RsvpTokens rsvpTokens(MasterKey masterKey) {
    return new RsvpTokens(masterKey.deriveKey("rsvp-links-aead"), Clock.systemUTC());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    vertx.cancelTimer(sweepTimer);
    return Future.all(kicks.unregister(), runs.unregister(), revocations.unregister());
  }

  private void reconcile(JsonObject revoked) {
    UUID child;
    try {
      child = UUID.fromString(revoked.getString("childId"));
    } catch (RuntimeException e) {
      LOG.warn("Ignored an access-revoked event of the wrong shape");
      return;
    }
    reconciler.reconcileChild(child)
        .onFailure(err -> LOG.warn("A child's meetings could not be reconciled (the sweep retries): {}", err.getMessage()));
  }

  private void sweep() {
    reconciler.sweep().onFailure(err -> LOG.warn("The meetings could not be reconciled: {}", err.getMessage()));
  }

  private void kick() {
    run().onFailure(err -> LOG.warn("The mail outbox could not be worked: {}", err.getMessage()));
  }

  /**
   * Works the outbox: reminders due, then every mail due. One pass at a time per node, and however
   * often it is woken during a pass (every tick, every commit) at most one more pass follows — a
   * slow SMTP server makes passes longer, never more numerous.
   */
  Future<Integer> run() {
    if (current == null) {
      current = pass();
      current.onComplete(x -> passDone());
      return current;
    }
    if (next == null) {
      next = io.vertx.core.Promise.promise();
    }
    return next.future();
  }

  private void passDone() {
    current = null;
    if (next != null) {
      io.vertx.core.Promise<Integer> waiting = next;
      next = null;
      current = pass();
      current.onComplete(x -> passDone());
      current.onComplete(waiting);
    }
  }

  private Future<Integer> pass() {
    return queueReminders().compose(r -> drain(0));
  }

  private Future<Integer> queueReminders() {
    return pool.withTransaction(tx -> meetings.dueReminders(tx).compose(due -> {
      Future<Void> chain = Future.succeededFuture();
      for (MeetingRecord m : due) {
        chain = chain.compose(x -> meetings.participants(tx, m.id())).compose(ps -> {
          Future<Void> each = Future.succeededFuture();
          for (ParticipantRecord p : ps) {
            if (p.active() && p.answer().remindable()) {
              each = each.compose(x -> meetings.enqueue(tx, m.id(), p.id(), MailKind.REMINDER, m.sequence()));
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
    MailKind kind = MailKind.valueOf(row.getString("kind"));
    int attempts = row.getInteger("attempts");
    return Future.all(meetings.find(pool, row.getUUID("meeting_id")), meetings.participant(pool, row.getUUID("participant_id")))
        .compose(found -> {
          Optional<MeetingRecord> meeting = found.resultAt(0);
          Optional<ParticipantRecord> participant = found.resultAt(1);
          if (meeting.isEmpty() || participant.isEmpty() || stale(kind, row.getInteger("sequence"), meeting.get(), participant.get())) {
            return meetings.markSuperseded(outboxId);
          }
          if (!meeting.get().end().isAfter(Instant.now())) {
            LOG.info("Mail {} ({}) given up: the meeting is over", outboxId, kind);
            return meetings.markGivenUp(outboxId, false, MEETING_OVER);
          }
          // A cancellation is what someone who lost their basis is owed; anything else needs the basis now.
          Future<Boolean> basis = kind == MailKind.CANCEL ? Future.succeededFuture(true)
              : reconciler.basis().holds(pool, meeting.get(), participant.get());
          return basis.transform(checked -> checked.failed() ? failed(outboxId, kind, attempts, checked.cause())
              : checked.result() ? send(outboxId, kind, attempts, meeting.get(), participant.get())
              : withoutBasis(outboxId, kind, meeting.get()));
        });
  }

  /** Not sent, and the reconciliation takes the participant out now (with their CANCEL) rather than at the next sweep. */
  private Future<Void> withoutBasis(UUID outboxId, MailKind kind, MeetingRecord m) {
    LOG.info("Mail {} ({}) not sent: the participant no longer has a basis", outboxId, kind);
    return meetings.markSuperseded(outboxId).compose(x -> reconciler.reconcileChild(m.childId())).mapEmpty();
  }

  private Future<Void> send(UUID outboxId, MailKind kind, int attempts, MeetingRecord m, ParticipantRecord p) {
    return meetings.hasSentRequest(p.id())
        .compose(informedBefore -> render(outboxId, kind, m, p, informedBefore))
        .compose(mailer::send)
        .compose(x -> meetings.markSent(outboxId))
        .recover(err -> failed(outboxId, kind, attempts, err));
  }

  static final String MEETING_OVER = "Mötet har redan ägt rum; utskicket avbröts.";

  /** A mail that cannot be made (an address or value the mail or calendar format refuses): sending again cannot help. */
  static final class Unsendable extends RuntimeException {
    Unsendable(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  /**
   * Why a send failed, as the organiser is told (in Swedish; any address blanked out) and whether
   * trying again can help.
   */
  record Failure(boolean permanent, String reason) {
  }

  static Failure classify(Throwable err) {
    if (err instanceof SMTPException smtp) {
      String reply = scrub(smtp.getReplyMessage());
      return smtp.isPermanent()
          ? new Failure(true, "Mottagarens e-postserver avvisade utskicket (" + smtp.getReplyCode() + "): " + reply)
          : new Failure(false, "E-postservern bad om ett senare försök (" + smtp.getReplyCode() + "): " + reply);
    }
    if (err instanceof Unsendable || err instanceof IllegalArgumentException) {
      return new Failure(true, "Utskicket kunde inte skapas (adressen eller en uppgift i mötet går inte att skicka): "
          + scrub(err.getMessage()));
    }
    if (err instanceof java.net.ConnectException || err.getCause() instanceof java.net.ConnectException) {
      return new Failure(false, "E-postservern gick inte att nå: " + scrub(err.getMessage()));
    }
    if (err instanceof java.util.concurrent.TimeoutException || String.valueOf(err.getClass().getSimpleName()).contains("Timeout")) {
      return new Failure(false, "E-postservern svarade inte i tid.");
    }
    return new Failure(false, "Utskicket misslyckades: " + scrub(err.getMessage()));
  }

  private Future<Void> failed(UUID outboxId, MailKind kind, int attempts, Throwable err) {
    Failure failure = classify(err);
    // The log names the outbox row, never the address or the meeting (scrub also blanks echoed addresses).
    if (failure.permanent()) {
      LOG.warn("Mail {} ({}) given up after attempt {}: {}", outboxId, kind, attempts + 1, failure.reason());
      return meetings.markGivenUp(outboxId, true, failure.reason());
    }
    // Retried until the meeting has ended (handle() then gives it up): a server that is down loses nothing that still matters.
    Instant retryAt = Instant.now().plus(backoff(attempts));
    LOG.warn("Mail {} ({}) not sent, attempt {}; retrying in {} s: {}", outboxId, kind, attempts + 1,
        Duration.between(Instant.now(), retryAt).toSeconds(), failure.reason());
    return meetings.markFailed(outboxId, retryAt, failure.reason());
  }

  /** Whether a mail no longer says anything true: the meeting or the person's invitation moved on. */
  private static boolean stale(MailKind kind, int sequence, MeetingRecord m, ParticipantRecord p) {
    return switch (kind) {
      case REQUEST -> m.cancelled() || !p.active() || sequence < m.sequence();
      case REMINDER -> m.cancelled() || !p.active() || !p.answer().remindable() || !m.start().isAfter(Instant.now());
      case CANCEL -> false;
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

  private Future<OutgoingMail> render(UUID outboxId, MailKind kind, MeetingRecord m, ParticipantRecord p, boolean informedBefore) {
    return Future.all(keys.keyFor(m.childId()), directory.organisationNames())
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
          key.open(SealLabel.MEETING_LOCATION, m.id(), m.locationSealed()),
          key.open(SealLabel.MEETING_VIDEO_LINK, m.id(), m.videoLinkSealed()),
          m.organiserName(), org != null ? org.name() : m.organiserOrganisation(), m.organiserEmail(),
          // Mails name no child, not even the child they are sent to.
          p.role() == ParticipantRole.CHILD ? null : name,
          key.open(SealLabel.PARTICIPANT_EMAIL, p.id(), p.emailSealed()),
          p.answer(), link, personalLink);
      String messageId = outboxId + "@" + publicUrl.getHost();
      try {
        return switch (kind) {
          case REQUEST -> Invitations.request(view, config.from(), informedBefore, messageId);
          case CANCEL -> Invitations.cancel(view, config.from(), !m.cancelled(), messageId);
          case REMINDER -> Invitations.reminder(view, messageId);
        };
      } catch (RuntimeException e) {
        // The mail itself cannot be made (an address or value the formats refuse): no retry will help.
        // A key or directory that is briefly unavailable fails before this, and is retried.
        throw new Unsendable(e);
      }
    }));
  }
}
