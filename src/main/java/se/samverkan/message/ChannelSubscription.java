package se.samverkan.message;

import static se.samverkan.message.Abandoned.ABANDONED;
import static se.samverkan.message.ChannelFrames.messageFrame;
import static se.samverkan.message.ChannelProtocol.CONSENT_EXPIRED;
import static se.samverkan.message.ChannelProtocol.REVOKED;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.crypto.DataKey;
import se.samverkan.identity.Principal;
import se.samverkan.policy.AccessPolicy.Action;
import se.samverkan.policy.AccessPolicy.ChildAccess;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.shared.ProblemException;

/**
 * One connection's subscription to one channel. Delivers each sequence number at most once and
 * in order: live events wait in {@link #pending} while the history is replayed or an earlier
 * number is missing; a number still missing after {@link #GAP_WAIT} is read from
 * the database (it committed before its successor did).
 *
 * <p>Each asynchronous step (access check, last number, registration, history pages, gap fills,
 * re-checks) asks {@link #current()} when it completes: an unsubscribe, a revocation or a close in
 * the meantime has already ended the subscription, and the late step delivers nothing.
 */
final class ChannelSubscription {

  // The gateway's parts log under the gateway's name, as they did when they were one class.
  private static final Logger LOG = LoggerFactory.getLogger("se.samverkan.message.TeamChannelGateway");

  static final int REPLAY_PAGE = 200;
  static final Duration GAP_WAIT = Duration.ofMillis(150);
  /** A replay stops feeding the socket above this many queued bytes and goes on when it drained. */
  static final long REPLAY_HIGH_WATER_BYTES = 256 * 1024;

  enum Phase { STARTING, REPLAYING, LIVE, ENDED }

  /** Who holds the subscription: the connection's set of them, which also decides when one ends. */
  interface Owner {
    /** Still the owner's subscription to its channel: not unsubscribed, replaced or ended. */
    boolean holds(ChannelSubscription s);

    /** The subscriber as now authenticated (a token refresh changes its expiry, never its subject). */
    Principal principal();

    /** Ends the subscription, if it is still the owner's, and tells the client why. */
    void ended(ChannelSubscription s, String code, String message);
  }

  /**
   * What every subscription of a gateway works with.
   *
   * @param accessRecheck how often a subscription asks the policy again (also when the consent runs out)
   * @param leave         takes an ended subscription out of its channel's fan-out
   */
  record Parts(Vertx vertx, AccessPolicy policy, MessageService messages, Duration accessRecheck,
               Consumer<ChannelSubscription> leave) {
  }

  final UUID childId;
  /** The subscriber's socket. */
  final ChannelClient client;
  private final Owner owner;
  private final Vertx vertx;
  private final AccessPolicy policy;
  private final MessageService messages;
  private final Consumer<ChannelSubscription> leave;
  Phase phase = Phase.STARTING;
  Instant visibleFrom;
  /** For a ChildContact who took over without consent: members who joined before this stay hidden (null: none). */
  Instant membersShownFrom;
  private final Coverage coverage;
  /** Everything up to this number has been delivered or passed over. */
  long lastSeq;
  private final PendingDeliveries pending = new PendingDeliveries();
  private long gapTimer = -1;
  private boolean filling;
  private boolean checking;
  /** While coverage is being decided anew: changes to delivered messages, and who waits to go on. */
  private final List<Delivery> heldChanges = new ArrayList<>();
  private Promise<Void> resumed;

  ChannelSubscription(UUID childId, Owner owner, ChannelClient client, Parts parts) {
    this.childId = childId;
    this.owner = owner;
    this.client = client;
    this.vertx = parts.vertx();
    this.coverage = new Coverage(vertx, parts.accessRecheck(), this::recheck);
    this.policy = parts.policy();
    this.messages = parts.messages();
    this.leave = parts.leave();
  }

  /** Still the connection's subscription to this channel: nothing ended it since the step began. */
  boolean current() {
    return phase != Phase.ENDED && !client.closed() && owner.holds(this);
  }

  /** The subscriber's username: their own receipts and typing are not echoed to them. */
  String username() {
    return owner.principal().username();
  }

  /** Frames held back for order or until coverage is decided, counted in the connection's bounds. */
  int heldFrames() {
    return pending.size() + heldChanges.size();
  }

  long heldBytes() {
    long bytes = pending.bytes();
    for (Delivery d : heldChanges) {
      bytes += d.bytes();
    }
    return bytes;
  }

  <T> Future<T> ifCurrent(T value) {
    return current() ? Future.succeededFuture(value) : Future.failedFuture(ABANDONED);
  }

  /** Set up, current, and covered by consent now — past the coverage's end, a fresh decision is asked for. */
  boolean mayDeliver() {
    if (phase == Phase.STARTING || !current()) {
      return false;
    }
    if (coverage.coveredNow()) {
      return true;
    }
    recheck();
    return false;
  }

  boolean visible(Message m) {
    return visibleFrom == null || !m.sentAt().isBefore(visibleFrom);
  }

  /** Whether a live frame of a member who joined at {@code memberSince} (null: the ChildContact) may reach this subscriber. */
  boolean shows(Instant memberSince) {
    return membersShownFrom == null || memberSince == null || !memberSince.isBefore(membersShownFrom);
  }

  void grant(ChildAccess access) {
    visibleFrom = MessageService.visibleFrom(access);
    membersShownFrom = access.isChildContact() ? access.historyFrom() : null;
    coverage.granted(access.coveredUntil());
  }

  /**
   * A fresh policy decision for a running subscription. Until it is back, nothing is delivered
   * if the coverage has run out; a renewed consent lets it go on, anything else ends it.
   */
  void recheck() {
    if (checking || !current()) {
      return;
    }
    if (phase == Phase.STARTING) {
      // Nothing is delivered before it is set up; look again once it is.
      coverage.lookAgainIn(100);
      return;
    }
    checking = true;
    policy.professional(owner.principal(), childId, Action.MESSAGES_READ).onComplete(this::rechecked);
  }

  /** A renewed access goes on; a refusal ends the subscription, and so does an error once the coverage ran out. */
  private void rechecked(AsyncResult<ChildAccess> ar) {
    checking = false;
    if (!current()) {
      return;
    }
    boolean wasCovered = coverage.coveredNow();
    if (ar.succeeded()) {
      ChildAccess access = ar.result();
      if (access.coveredUntil() != null && access.coveredUntil().toEpochMilli() <= System.currentTimeMillis()) {
        // The database still counted the consent; our clock says it has run out. The clock wins.
        owner.ended(this, "consent-expired", CONSENT_EXPIRED);
        return;
      }
      grant(access);
      resume();
    } else if (ar.cause() instanceof ProblemException) {
      owner.ended(this, wasCovered ? "access-revoked" : "consent-expired", wasCovered ? REVOKED : CONSENT_EXPIRED);
    } else if (wasCovered) {
      LOG.warn("Could not re-check a subscription's access: {}", ar.cause().getMessage());
      coverage.retrySoon();
    } else {
      owner.ended(this, "unavailable", "Tillgången kunde inte prövas; prenumerera igen.");
    }
  }

  /** Goes on after a fresh decision: what was held back is delivered, waiting pages continue. */
  private void resume() {
    List<Delivery> changes = List.copyOf(heldChanges);
    heldChanges.clear();
    changes.forEach(client::send);
    if (resumed != null) {
      Promise<Void> waiting = resumed;
      resumed = null;
      waiting.tryComplete();
    }
    if (phase == Phase.LIVE) {
      drain();
    }
  }

  /** Completes when delivery may go on (covered again), fails when the subscription ends instead. */
  private Future<Void> whenCovered() {
    if (resumed == null) {
      resumed = Promise.promise();
    }
    Future<Void> waiting = resumed.future();
    recheck();
    return waiting;
  }

  /** A new message from the event bus. */
  void offer(Message m, Supplier<Delivery> asMessage) {
    if (!current() || m.seq() <= lastSeq) {
      return;
    }
    hold(visible(m) ? asMessage.get() : Delivery.hidden(m));
    if (phase == Phase.LIVE) {
      drain();
    }
  }

  /**
   * An edit or redaction. A message this subscriber already has gets the change; one it will get
   * later (held back, still to be replayed, or still on its way) is held in its changed form, so
   * that the change can never arrive before the message.
   */
  void changed(Message m, Supplier<Delivery> asChange, Supplier<Delivery> asMessage) {
    if (!current() || !visible(m)) {
      return;
    }
    if (m.seq() <= lastSeq) {
      if (mayDeliver()) {
        client.send(asChange.get());
      } else if (phase != Phase.STARTING) {
        heldChanges.add(asChange.get());
        client.checkBacklog();
      }
      return;
    }
    hold(asMessage.get());
    if (phase == Phase.LIVE) {
      drain();
    }
  }

  private void hold(Delivery d) {
    pending.hold(d);
    client.checkBacklog();
  }

  /** Delivers what is next in order; waits briefly for a missing number, then reads it. */
  void drain() {
    while (mayDeliver() && !pending.isEmpty() && pending.firstSeq() <= lastSeq + 1) {
      Delivery next = pending.take(pending.firstSeq());
      if (next.seq() == lastSeq + 1) {
        emit(next);
      }
    }
    if (mayDeliver() && !pending.isEmpty() && gapTimer < 0 && !filling) {
      gapTimer = vertx.setTimer(GAP_WAIT.toMillis(), t -> {
        gapTimer = -1;
        fillGap();
      });
    }
  }

  private void emit(Delivery d) {
    lastSeq = d.seq();
    if (d.frame() != null) {
      client.send(d);
    }
  }

  /** A number is still missing after the wait: the database has it (it committed before its successor). */
  private void fillGap() {
    if (!mayDeliver() || pending.isEmpty() || filling) {
      return;
    }
    filling = true;
    long until = pending.firstSeq();
    Future.all(messages.keys().keyFor(childId),
            messages.repository().visiblePage(childId, lastSeq, until, REPLAY_PAGE, visibleFrom))
        .compose(all -> {
          MessageRepository.Page page = all.resultAt(1);
          return deliverPage(all.resultAt(0), page).map(v -> page.messages().size() == REPLAY_PAGE);
        })
        .onComplete(ar -> {
          filling = false;
          if (ar.failed() && ar.cause() != ABANDONED) {
            LOG.warn("Could not fill a gap in a channel: {}", ar.cause().getMessage());
          }
          drain();
          if (ar.succeeded() && ar.result() && gapTimer >= 0) {
            // A long gap: read on at once instead of waiting again.
            vertx.cancelTimer(gapTimer);
            gapTimer = -1;
            fillGap();
          }
        });
  }

  /** Sends what was missed since the start, page by page, then whatever arrived live meanwhile. */
  Future<Void> replay() {
    return Future.all(messages.keys().keyFor(childId),
            messages.repository().visiblePage(childId, lastSeq, null, REPLAY_PAGE, visibleFrom))
        .compose(all -> {
          MessageRepository.Page page = all.resultAt(1);
          return deliverPage(all.resultAt(0), page).compose(v -> {
            if (page.messages().size() == REPLAY_PAGE) {
              return replay();
            }
            phase = Phase.LIVE;
            drain();
            return Future.<Void>succeededFuture();
          });
        });
  }

  /**
   * Delivers a page read from the database (preferring a newer copy held from the event bus) and
   * moves past everything it covers. Stops while the socket is backed up and goes on when it
   * drained, so that a long history never piles up in memory.
   */
  private Future<Void> deliverPage(DataKey key, MessageRepository.Page page) {
    return deliverFrom(key, page, 0);
  }

  private Future<Void> deliverFrom(DataKey key, MessageRepository.Page page, int from) {
    List<Message> rows = page.messages();
    for (int i = from; i < rows.size(); i++) {
      if (!current()) {
        return Future.failedFuture(ABANDONED);
      }
      if (client.queuedBytes() > REPLAY_HIGH_WATER_BYTES) {
        int next = i;
        return client.whenWritable().compose(v -> deliverFrom(key, page, next));
      }
      if (!coverage.coveredNow()) {
        int next = i;
        return whenCovered().compose(v -> deliverFrom(key, page, next));
      }
      Message m = rows.get(i);
      if (m.seq() <= lastSeq) {
        continue;
      }
      Delivery held = pending.take(m.seq());
      if (held != null && held.message().version() > m.version()) {
        emit(held);
      } else if (visible(m)) {
        emit(Delivery.of(m, messageFrame("message", m, key)));
      } else {
        lastSeq = m.seq();
      }
    }
    if (!current()) {
      return Future.failedFuture(ABANDONED);
    }
    lastSeq = Math.max(lastSeq, page.coveredThrough());
    return Future.succeededFuture();
  }

  void end() {
    phase = Phase.ENDED;
    if (gapTimer >= 0) {
      vertx.cancelTimer(gapTimer);
      gapTimer = -1;
    }
    coverage.stop();
    pending.clear();
    heldChanges.clear();
    if (resumed != null) {
      resumed.tryFail(ABANDONED);
      resumed = null;
    }
    leave.accept(this);
  }
}
