package se.samverkan.message;

import static se.samverkan.message.ChannelFrames.messageFrame;
import static se.samverkan.message.TeamChannelGateway.ABANDONED;
import static se.samverkan.message.TeamChannelGateway.CONSENT_EXPIRED;
import static se.samverkan.message.TeamChannelGateway.GAP_WAIT;
import static se.samverkan.message.TeamChannelGateway.REPLAY_HIGH_WATER_BYTES;
import static se.samverkan.message.TeamChannelGateway.REPLAY_PAGE;
import static se.samverkan.message.TeamChannelGateway.REVOKED;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.crypto.DataKey;
import se.samverkan.policy.AccessPolicy.Action;
import se.samverkan.policy.AccessPolicy.ChildAccess;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.shared.ProblemException;

/**
 * One connection's subscription to one channel. Delivers each sequence number at most once and
 * in order: live events wait in {@link #pending} while the history is replayed or an earlier
 * number is missing; a number still missing after {@link TeamChannelGateway#GAP_WAIT} is read from
 * the database (it committed before its successor did).
 *
 * <p>Each asynchronous step (access check, last number, registration, history pages, gap fills,
 * re-checks) asks {@link #current()} when it completes: an unsubscribe, a revocation or a close in
 * the meantime has already ended the subscription, and the late step delivers nothing.
 */
final class ChannelSubscription {

  // The gateway's parts log under the gateway's name, as they did when they were one class.
  private static final Logger LOG = LoggerFactory.getLogger(TeamChannelGateway.class);

  enum Phase { STARTING, REPLAYING, LIVE, ENDED }

  final UUID childId;
  final ChannelConnection connection;
  private final Vertx vertx;
  private final TeamChannelGateway.Settings settings;
  private final AccessPolicy policy;
  private final MessageService messages;
  private final ChannelFanout fanout;
  Phase phase = Phase.STARTING;
  Instant visibleFrom;
  /** For a ChildContact who took over without consent: members who joined before this stay hidden (null: none). */
  Instant membersShownFrom;
  /** Epoch millis when the consent that lets the subscriber in runs out; nothing is delivered from then on without a fresh decision. */
  long coveredUntil = Long.MAX_VALUE;
  /** Everything up to this number has been delivered or passed over. */
  long lastSeq;
  final TreeMap<Long, Delivery> pending = new TreeMap<>();
  long pendingBytes;
  long gapTimer = -1;
  boolean filling;
  long checkTimer = -1;
  boolean checking;
  /** While coverage is being decided anew: changes to delivered messages, and who waits to go on. */
  final List<Delivery> heldChanges = new ArrayList<>();
  Promise<Void> resumed;

  ChannelSubscription(TeamChannelGateway gateway, UUID childId, ChannelConnection connection) {
    this.childId = childId;
    this.connection = connection;
    this.vertx = gateway.vertx;
    this.settings = gateway.settings;
    this.policy = gateway.policy;
    this.messages = gateway.messages;
    this.fanout = gateway.fanout;
  }

  /** Still the connection's subscription to this channel: nothing ended it since the step began. */
  boolean current() {
    return phase != Phase.ENDED && !connection.closed && connection.subscriptions.get(childId) == this;
  }

  <T> Future<T> ifCurrent(T value) {
    return current() ? Future.succeededFuture(value) : Future.failedFuture(ABANDONED);
  }

  /** Set up, current, and covered by consent now — past the coverage's end, a fresh decision is asked for. */
  boolean mayDeliver() {
    if (phase == Phase.STARTING || !current()) {
      return false;
    }
    if (System.currentTimeMillis() < coveredUntil) {
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
    coveredUntil = access.coveredUntil() == null ? Long.MAX_VALUE : access.coveredUntil().toEpochMilli();
    scheduleCheck(nextCheckMillis());
  }

  /** The next look at the access: when the consent runs out, and anyway now and then (a missed revocation). */
  private long nextCheckMillis() {
    long periodic = (long) (settings.accessRecheck().toMillis() * (0.9 + 0.2 * Math.random()));
    // Just past the end, so that the database (its own clock, same instant) agrees that it has passed.
    long untilEnd = coveredUntil == Long.MAX_VALUE ? Long.MAX_VALUE : coveredUntil - System.currentTimeMillis() + 5;
    return Math.max(1, Math.min(periodic, untilEnd));
  }

  private void scheduleCheck(long millis) {
    if (checkTimer >= 0) {
      vertx.cancelTimer(checkTimer);
    }
    checkTimer = vertx.setTimer(millis, t -> {
      checkTimer = -1;
      recheck();
    });
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
      scheduleCheck(100);
      return;
    }
    checking = true;
    policy.professional(connection.principal, childId, Action.MESSAGES_READ).onComplete(ar -> {
      checking = false;
      if (!current()) {
        return;
      }
      boolean wasCovered = System.currentTimeMillis() < coveredUntil;
      if (ar.succeeded()) {
        ChildAccess access = ar.result();
        if (access.coveredUntil() != null && access.coveredUntil().toEpochMilli() <= System.currentTimeMillis()) {
          // The database still counted the consent; our clock says it has run out. The clock wins.
          connection.ended(this, "consent-expired", CONSENT_EXPIRED);
          return;
        }
        grant(access);
        resume();
      } else if (ar.cause() instanceof ProblemException) {
        connection.ended(this, wasCovered ? "access-revoked" : "consent-expired", wasCovered ? REVOKED : CONSENT_EXPIRED);
      } else if (wasCovered) {
        LOG.warn("Could not re-check a subscription's access: {}", ar.cause().getMessage());
        scheduleCheck(Math.min(30_000, Math.max(1, coveredUntil - System.currentTimeMillis())));
      } else {
        connection.ended(this, "unavailable", "Tillgången kunde inte prövas; prenumerera igen.");
      }
    });
  }

  /** Goes on after a fresh decision: what was held back is delivered, waiting pages continue. */
  private void resume() {
    List<Delivery> changes = List.copyOf(heldChanges);
    heldChanges.clear();
    changes.forEach(connection::send);
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
        connection.send(asChange.get());
      } else if (phase != Phase.STARTING) {
        heldChanges.add(asChange.get());
        connection.checkBacklog();
      }
      return;
    }
    hold(asMessage.get());
    if (phase == Phase.LIVE) {
      drain();
    }
  }

  private void hold(Delivery d) {
    Delivery before = pending.get(d.seq());
    Delivery kept = before == null ? d : Delivery.newer(before, d);
    pending.put(d.seq(), kept);
    pendingBytes += kept.bytes() - (before == null ? 0 : before.bytes());
    connection.checkBacklog();
  }

  private Delivery take(long seq) {
    Delivery d = pending.remove(seq);
    if (d != null) {
      pendingBytes -= d.bytes();
    }
    return d;
  }

  /** Delivers what is next in order; waits briefly for a missing number, then reads it. */
  void drain() {
    while (mayDeliver() && !pending.isEmpty() && pending.firstKey() <= lastSeq + 1) {
      Delivery next = take(pending.firstKey());
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
      connection.send(d);
    }
  }

  /** A number is still missing after the wait: the database has it (it committed before its successor). */
  private void fillGap() {
    if (!mayDeliver() || pending.isEmpty() || filling) {
      return;
    }
    filling = true;
    long until = pending.firstKey();
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
      if (connection.queuedBytes() > REPLAY_HIGH_WATER_BYTES) {
        int next = i;
        return connection.whenWritable().compose(v -> deliverFrom(key, page, next));
      }
      if (System.currentTimeMillis() >= coveredUntil) {
        int next = i;
        return whenCovered().compose(v -> deliverFrom(key, page, next));
      }
      Message m = rows.get(i);
      if (m.seq() <= lastSeq) {
        continue;
      }
      Delivery held = take(m.seq());
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
    if (checkTimer >= 0) {
      vertx.cancelTimer(checkTimer);
      checkTimer = -1;
    }
    pending.clear();
    pendingBytes = 0;
    heldChanges.clear();
    if (resumed != null) {
      resumed.tryFail(ABANDONED);
      resumed = null;
    }
    fanout.leave(this);
  }
}
