package se.samverkan.message;

import static se.samverkan.message.Abandoned.ABANDONED;
import static se.samverkan.message.ChannelFrames.error;
import static se.samverkan.message.ChannelFrames.refusal;
import static se.samverkan.message.ChannelProtocol.REVOKED;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.identity.Principal;
import se.samverkan.message.ChannelSubscription.Phase;
import se.samverkan.policy.AccessPolicy.Action;

/**
 * One connection's subscriptions: at most one per channel and a bounded number, each set up in
 * asynchronous steps (a fresh access decision, the channel's last number, the fan-out's
 * registration, then the replay), ended by an unsubscribe, a revocation, a refused re-check or the
 * close. A subscription is reserved before its first step, so that a second subscribe finds it.
 */
final class ChannelSubscriptions implements ChannelSubscription.Owner {

  // The gateway's parts log under the gateway's name, as they did when they were one class.
  private static final Logger LOG = LoggerFactory.getLogger("se.samverkan.message.TeamChannelGateway");

  private final ChannelClient client;
  private final Supplier<Principal> principal;
  private final AccessCache accesses;
  private final ChannelFanout fanout;
  private final MessageService messages;
  private final ChannelSubscription.Parts parts;
  private final int maxSubscriptions;
  /** The socket's other subscriptions (its direct ones), counted in the same cap. */
  private final IntSupplier others;
  /** Every subscription, also those still being set up. */
  private final Map<UUID, ChannelSubscription> subscriptions = new HashMap<>();

  ChannelSubscriptions(ChannelClient client, Supplier<Principal> principal, AccessCache accesses, ChannelFanout fanout,
      ChannelSubscription.Parts parts, int maxSubscriptions, IntSupplier others) {
    this.client = client;
    this.principal = principal;
    this.accesses = accesses;
    this.fanout = fanout;
    this.messages = parts.messages();
    this.parts = parts;
    this.maxSubscriptions = maxSubscriptions;
    this.others = others;
  }

  /** Channel subscriptions held, also those being set up. */
  int size() {
    return subscriptions.size();
  }

  @Override
  public boolean holds(ChannelSubscription s) {
    return subscriptions.get(s.childId) == s;
  }

  @Override
  public Principal principal() {
    return principal.get();
  }

  @Override
  public void ended(ChannelSubscription s, String code, String message) {
    if (subscriptions.get(s.childId) != s) {
      return;
    }
    subscriptions.remove(s.childId);
    accesses.forget(s.childId);
    s.end();
    client.send(error(code, message, s.childId, null));
  }

  void subscribe(ClientFrame.Subscribe frame) {
    UUID childId = frame.childId();
    if (subscriptions.containsKey(childId)) {
      client.send(error("already-subscribed", "Redan prenumererad.", childId, null));
      return;
    }
    if (subscriptions.size() + others.getAsInt() >= maxSubscriptions) {
      client.send(error("too-many-subscriptions", "En anslutning kan följa högst "
          + maxSubscriptions + " kanaler; avsluta någon prenumeration först.", childId, null));
      return;
    }
    // Reserved before anything asynchronous: a second subscribe is refused, a revocation ends this one.
    ChannelSubscription s = new ChannelSubscription(childId, this, client, parts);
    subscriptions.put(childId, s);
    // The read is logged at subscribe: a fresh policy decision, not the cached one.
    accesses.forget(childId);
    accesses.decide(principal(), childId, Action.MESSAGES_READ)
        .compose(s::ifCurrent)
        .compose(access -> {
          s.grant(access);
          return messages.repository().lastSeq(childId);
        })
        .compose(s::ifCurrent)
        .compose(last -> join(s, frame.afterSeq(), last))
        .compose(s::ifCurrent)
        .onSuccess(v -> replay(s))
        .onFailure(err -> refused(s, err));
  }

  /** Starts after the client's number (the channel's last when none) and joins the channel's fan-out. */
  private Future<Void> join(ChannelSubscription s, Long afterSeq, long last) {
    if (afterSeq != null && afterSeq > last) {
      return Future.failedFuture(new AfterSeqAhead(last));
    }
    s.lastSeq = afterSeq != null ? afterSeq : last;
    return fanout.join(s);
  }

  private void replay(ChannelSubscription s) {
    s.phase = Phase.REPLAYING;
    client.send(ChannelFrames.subscribed(s.childId, s.lastSeq));
    s.replay().onFailure(err -> {
      if (err == ABANDONED || !s.current()) {
        return;
      }
      LOG.warn("Replay failed: {}", err.getMessage());
      ended(s, "unavailable", "Historiken kunde inte hämtas; prenumerera igen.");
    });
  }

  private void refused(ChannelSubscription s, Throwable err) {
    if (err == ABANDONED) {
      return;
    }
    subscriptions.remove(s.childId, s);
    s.end();
    client.send(err instanceof AfterSeqAhead ahead
        ? ChannelFrames.afterSeqAhead(s.childId, ahead.lastSeq())
        : refusal(err, s.childId, null));
  }

  void unsubscribe(ClientFrame.Unsubscribe frame) {
    UUID childId = frame.childId();
    ChannelSubscription s = subscriptions.remove(childId);
    if (s != null) {
      s.end();
    }
    client.send(ChannelFrames.unsubscribed(childId));
  }

  /** The subscription to the child ends (if there is one, set up or still starting), with an error frame. */
  void revoked(UUID childId) {
    accesses.revoked(childId);
    ChannelSubscription s = subscriptions.get(childId);
    if (s != null) {
      ended(s, "access-revoked", REVOKED);
    }
  }

  /** Frames the subscriptions hold back for order, counted in the connection's bounds. */
  long heldFrames() {
    long frames = 0;
    for (ChannelSubscription s : subscriptions.values()) {
      frames += s.heldFrames();
    }
    return frames;
  }

  long heldBytes() {
    long bytes = 0;
    for (ChannelSubscription s : subscriptions.values()) {
      bytes += s.heldBytes();
    }
    return bytes;
  }

  /** The connection closed: every subscription ends, without frames. */
  void endAll() {
    for (ChannelSubscription s : List.copyOf(subscriptions.values())) {
      s.end();
    }
    subscriptions.clear();
  }

  /** A subscribe for numbers the channel does not have (yet): answered with the channel's last. */
  private static final class AfterSeqAhead extends RuntimeException {
    private final long lastSeq;

    AfterSeqAhead(long lastSeq) {
      super(null, null, false, false);
      this.lastSeq = lastSeq;
    }

    long lastSeq() {
      return lastSeq;
    }
  }
}
