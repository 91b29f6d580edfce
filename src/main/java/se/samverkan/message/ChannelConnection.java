package se.samverkan.message;

import static se.samverkan.message.ChannelFrames.error;
import static se.samverkan.message.ChannelFrames.errorFrame;
import static se.samverkan.message.ChannelFrames.utf8Length;
import static se.samverkan.message.TeamChannelGateway.ABANDONED;
import static se.samverkan.message.TeamChannelGateway.CLOSE_AUTH_REQUIRED;
import static se.samverkan.message.TeamChannelGateway.CLOSE_FORBIDDEN_SWITCH;
import static se.samverkan.message.TeamChannelGateway.CLOSE_SESSION_EXPIRED;
import static se.samverkan.message.TeamChannelGateway.CLOSE_SLOW_CONSUMER;
import static se.samverkan.message.TeamChannelGateway.CLOSE_TOO_BIG;
import static se.samverkan.message.TeamChannelGateway.CLOSE_TOO_MANY_FRAMES;
import static se.samverkan.message.TeamChannelGateway.CLOSE_TOO_MANY_SOCKETS;
import static se.samverkan.message.TeamChannelGateway.CLOSE_TRY_AGAIN_LATER;
import static se.samverkan.message.TeamChannelGateway.REFUSALS_PER_SECOND;
import static se.samverkan.message.TeamChannelGateway.REFUSAL_BURST;
import static se.samverkan.message.TeamChannelGateway.REVOKED;
import static se.samverkan.message.TeamChannelGateway.TYPING_EVERY;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.http.RateLimiter;
import se.samverkan.identity.Principal;
import se.samverkan.identity.TokenValidator;
import se.samverkan.message.ChannelSubscription.Phase;
import se.samverkan.policy.AccessPolicy.Action;
import se.samverkan.shared.ProblemException;

/**
 * One client's WebSocket: first-frame authentication and session expiry, the client's frames
 * (subscribe, unsubscribe, send, read, typing) under its user's frame rate, its subscriptions (at
 * most one per channel, a bounded number), the accesses granted for its sends, and a bounded outbound
 * queue. Until it authenticates it holds one of the {@link SocketQuota}'s unauthenticated places and
 * may send exactly one frame, the {@code auth}; then it holds one of its user's places.
 */
final class ChannelConnection {

  // The gateway's parts log under the gateway's name, as they did when they were one class.
  private static final Logger LOG = LoggerFactory.getLogger(TeamChannelGateway.class);

  private final TeamChannelGateway gateway;
  private final Vertx vertx;
  private final TeamChannelGateway.Settings settings;
  private final TokenValidator tokens;
  private final MessageService messages;
  private final SocketQuota quota;
  final ServerWebSocket ws;
  Principal principal;
  long authTimer = -1;
  long expiryTimer = -1;
  /** Every subscription, also those still being set up: a second subscribe finds the first. */
  final Map<UUID, ChannelSubscription> subscriptions = new HashMap<>();
  private final AccessCache accesses;
  private final OutboundQueue outbound;
  /** Frames refused for the user's rate that this socket may still draw before it is closed. */
  private final RateLimiter refusals = new RateLimiter(REFUSALS_PER_SECOND, REFUSAL_BURST);
  /** The remote address whose unauthenticated place this socket holds, or null. */
  private String unauthenticatedPlace;
  /** The subject whose socket place this socket holds, or null. */
  private String userPlace;
  /** The one auth frame a socket may send before it is authenticated is being checked. */
  private boolean authPending;
  /** Sends of this connection are stored one after the other, so one client's messages keep their order. */
  Future<Void> sendTail = Future.succeededFuture();
  long lastTyping;
  /** When the peer last sent anything (a frame or a pong), for {@link TeamChannelGateway#keepAlive()}. */
  long lastHeard = System.nanoTime();
  /** Closed by the peer or by us; {@code closing} as soon as we asked for the close. */
  boolean closed;
  boolean closing;

  ChannelConnection(TeamChannelGateway gateway, ServerWebSocket ws) {
    this.gateway = gateway;
    this.vertx = gateway.vertx;
    this.settings = gateway.settings;
    this.tokens = gateway.tokens;
    this.messages = gateway.messages;
    this.quota = gateway.quota;
    this.ws = ws;
    this.outbound = new OutboundQueue(ws, () -> closing, () -> closing = true);
    this.accesses = new AccessCache(gateway.policy, settings.accessRecheck(), () -> closed);
  }

  void start() {
    ws.closeHandler(v -> onClosed());
    String address = ws.remoteAddress() != null ? ws.remoteAddress().hostAddress() : "unknown";
    switch (quota.admitUnauthenticated(address)) {
      case ADMITTED -> unauthenticatedPlace = address;
      case TOO_MANY_FROM_ADDRESS -> {
        close(CLOSE_TRY_AGAIN_LATER, "För många anslutningar utan inloggning från din adress; försök igen strax");
        return;
      }
      case TOO_MANY_IN_TOTAL -> {
        close(CLOSE_TRY_AGAIN_LATER, "För många anslutningar utan inloggning; försök igen strax");
        return;
      }
    }
    authTimer = vertx.setTimer(quota.bounds().authTimeout().toMillis(), t -> {
      if (principal == null) {
        close(CLOSE_AUTH_REQUIRED, "Autentisering krävs: skicka {\"type\":\"auth\",\"token\":…} först");
      }
    });
    ws.textMessageHandler(this::onFrame);
    ws.binaryMessageHandler(b -> {
      lastHeard = System.nanoTime();
      send(error("malformed", "Binära ramar stöds inte.", null, null));
    });
    ws.pongHandler(b -> lastHeard = System.nanoTime());
    ws.drainHandler(v -> outbound.flush());
    ws.exceptionHandler(err -> {
      LOG.debug("WebSocket error: {}", err.getMessage());
      // Vert.x reports a message over the size limit here without closing; the protocol says 1009.
      if (err instanceof IllegalStateException && String.valueOf(err.getMessage()).contains("max message size")) {
        close(CLOSE_TOO_BIG, "Ramen är för stor (högst 64 KiB)");
      }
    });
  }

  /** Gives back the unauthenticated place (after authenticating or closing), exactly once. */
  private void leaveUnauthenticated() {
    if (unauthenticatedPlace != null) {
      quota.releaseUnauthenticated(unauthenticatedPlace);
      unauthenticatedPlace = null;
    }
  }

  void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    leaveUnauthenticated();
    if (userPlace != null) {
      quota.releaseUser(userPlace);
      userPlace = null;
    }
    gateway.disconnected(this);
    vertx.cancelTimer(authTimer);
    vertx.cancelTimer(expiryTimer);
    for (ChannelSubscription s : List.copyOf(subscriptions.values())) {
      s.end();
    }
    subscriptions.clear();
    outbound.abandon();
  }

  void close(short code, String reason) {
    if (!closed && !closing) {
      closing = true;
      ws.close(code, reason);
    }
  }

  /** The subscription to the child ends (if there is one, set up or still starting), with an error frame. */
  void revoked(UUID childId) {
    accesses.revoked(childId);
    ChannelSubscription s = subscriptions.get(childId);
    if (s != null) {
      ended(s, "access-revoked", REVOKED);
    }
  }

  /** Ends the subscription, if it is still this connection's, and tells the client why. */
  void ended(ChannelSubscription s, String code, String message) {
    if (subscriptions.get(s.childId) != s) {
      return;
    }
    subscriptions.remove(s.childId);
    accesses.forget(s.childId);
    s.end();
    send(error(code, message, s.childId, null));
  }

  void send(String frame) {
    enqueue(frame, utf8Length(frame));
  }

  void send(Delivery d) {
    enqueue(d.frame(), d.bytes());
  }

  /** Bounded outbound queue: beyond it the client is too slow; it is closed and resumes from history. */
  private void enqueue(String frame, int bytes) {
    if (closed || closing) {
      return;
    }
    if (outbound.writeOrQueue(frame, bytes)) {
      checkBacklog();
    }
  }

  /** What waits for this client — queued for the socket or held back for order — must stay bounded. */
  void checkBacklog() {
    long frames = outbound.frames();
    long bytes = outbound.bytes();
    for (ChannelSubscription s : subscriptions.values()) {
      frames += s.pending.size() + s.heldChanges.size();
      bytes += s.pendingBytes;
      for (Delivery d : s.heldChanges) {
        bytes += d.bytes();
      }
    }
    if (!closed && !closing && (frames > settings.maxQueuedFrames() || bytes > settings.maxQueuedBytes())) {
      outbound.clear();
      close(CLOSE_SLOW_CONSUMER, "För långsam mottagare: återanslut och hämta historiken");
    }
  }

  long queuedBytes() {
    return outbound.bytes();
  }

  /** Completes when everything queued has been handed to the socket and it can take more. */
  Future<Void> whenWritable() {
    if (closed) {
      return Future.failedFuture(ABANDONED);
    }
    return outbound.whenWritable();
  }

  void onFrame(String text) {
    lastHeard = System.nanoTime();
    if (closed || closing) {
      return;
    }
    try {
      ClientFrame frame = ClientFrame.parse(text);
      if (principal == null) {
        beforeAuthentication(frame);
        return;
      }
      if (!quota.frame(principal.subject())) {
        overRate(frame);
        return;
      }
      switch (frame) {
        case ClientFrame.Auth f -> auth(f);
        case ClientFrame.Subscribe f -> subscribe(f);
        case ClientFrame.Unsubscribe f -> unsubscribe(f);
        case ClientFrame.Send f -> sendMessage(f);
        case ClientFrame.Read f -> read(f);
        case ClientFrame.Typing f -> typing(f);
        case ClientFrame.UnknownType f -> send(error("unknown-type", "Okänd ramtyp: " + abbreviate(f.type()), null, null));
        case ClientFrame.Malformed f -> send(error("malformed", f.reason(), f.childId(), f.clientId()));
      }
    } catch (RuntimeException e) {
      // A bug of ours, not the client's: answer, keep the socket, and log without the frame's content.
      LOG.error("A WebSocket frame could not be handled ({})", e.getClass().getName(), e);
      send(error("unavailable", "Något gick fel; försök igen.", null, null));
    }
  }

  /**
   * A socket that has not logged in costs the server as little as possible: its first frame must be
   * {@code auth}, and nothing else may come until that is answered.
   */
  private void beforeAuthentication(ClientFrame frame) {
    if (authPending || !(frame instanceof ClientFrame.Auth auth)) {
      close(CLOSE_AUTH_REQUIRED, "Autentisering krävs innan andra ramar");
      return;
    }
    authPending = true;
    auth(auth);
  }

  /** The user's frame rate is spent: the frame is dropped with an error frame, and a flood closes the socket. */
  private void overRate(ClientFrame frame) {
    if (!refusals.tryAcquire("refusals")) {
      close(CLOSE_TOO_MANY_FRAMES, "För många ramar");
      return;
    }
    UUID childId = frame instanceof ClientFrame.Send f ? f.childId() : null;
    String clientId = frame instanceof ClientFrame.Send f ? f.clientId() : null;
    send(error("too-many-requests", "För många ramar: vänta lite innan du skickar fler.", childId, clientId));
  }

  void auth(ClientFrame.Auth frame) {
    tokens.validate(frame.token()).onComplete(ar -> {
      if (closed) {
        return;
      }
      if (ar.failed()) {
        if (principal == null) {
          close(CLOSE_AUTH_REQUIRED, "Ogiltig eller utgången token");
        } else {
          send(error("invalid-token", "Den nya token är ogiltig; den gamla gäller tills den går ut.", null, null));
        }
        return;
      }
      Principal p = ar.result();
      if (principal != null && !principal.subject().equals(p.subject())) {
        close(CLOSE_FORBIDDEN_SWITCH, "En anslutning kan inte byta användare");
        return;
      }
      if (principal == null && !takeUserPlace(p)) {
        return;
      }
      principal = p;
      vertx.cancelTimer(authTimer);
      vertx.cancelTimer(expiryTimer);
      long millis = Math.max(1, Duration.between(Instant.now(), p.expiresAt()).toMillis());
      expiryTimer = vertx.setTimer(millis, t -> close(CLOSE_SESSION_EXPIRED,
          "Sessionen har gått ut: skicka en ny token före utgång"));
      send(new JsonObject().put("type", "authenticated").put("username", p.username())
          .put("expiresAt", p.expiresAt().toString()).encode());
    });
  }

  /**
   * The first successful auth moves the socket from the unauthenticated places to its user's. One
   * refused keeps its unauthenticated place until it has closed, so refusals cannot pile up uncounted.
   */
  private boolean takeUserPlace(Principal p) {
    if (!quota.admitUser(p.subject())) {
      close(CLOSE_TOO_MANY_SOCKETS, "För många öppna anslutningar för din användare; stäng någon annan flik eller enhet");
      return false;
    }
    leaveUnauthenticated();
    userPlace = p.subject();
    return true;
  }

  void subscribe(ClientFrame.Subscribe frame) {
    UUID childId = frame.childId();
    if (subscriptions.containsKey(childId)) {
      send(error("already-subscribed", "Redan prenumererad.", childId, null));
      return;
    }
    if (subscriptions.size() >= quota.bounds().subscriptionsPerSocket()) {
      send(error("too-many-subscriptions", "En anslutning kan följa högst "
          + quota.bounds().subscriptionsPerSocket() + " kanaler; avsluta någon prenumeration först.", childId, null));
      return;
    }
    // Reserved before anything asynchronous: a second subscribe is refused, a revocation ends this one.
    ChannelSubscription s = new ChannelSubscription(gateway, childId, this);
    subscriptions.put(childId, s);
    // The read is logged at subscribe: a fresh policy decision, not the cached one.
    accesses.forget(childId);
    accesses.decide(principal, childId, Action.MESSAGES_READ)
        .compose(s::ifCurrent)
        .compose(access -> {
          s.grant(access);
          return messages.repository().lastSeq(childId);
        })
        .compose(s::ifCurrent)
        .compose(last -> {
          if (frame.afterSeq() != null && frame.afterSeq() > last) {
            return Future.failedFuture(new AfterSeqAhead(last));
          }
          s.lastSeq = frame.afterSeq() != null ? frame.afterSeq() : last;
          return gateway.fanout.join(s);
        })
        .compose(s::ifCurrent)
        .onComplete(ar -> {
          if (ar.failed()) {
            if (ar.cause() == ABANDONED) {
              return;
            }
            subscriptions.remove(childId, s);
            s.end();
            send(ar.cause() instanceof AfterSeqAhead ahead
                ? errorFrame("after-seq-ahead", "afterSeq är större än kanalens senaste meddelande.", childId, null)
                    .put("lastSeq", ahead.lastSeq()).encode()
                : refusal(ar.cause(), childId, null));
            return;
          }
          s.phase = Phase.REPLAYING;
          send(new JsonObject().put("type", "subscribed").put("childId", childId.toString())
              .put("afterSeq", s.lastSeq).encode());
          s.replay().onFailure(err -> {
            if (err == ABANDONED || !s.current()) {
              return;
            }
            LOG.warn("Replay failed: {}", err.getMessage());
            ended(s, "unavailable", "Historiken kunde inte hämtas; prenumerera igen.");
          });
        });
  }

  void unsubscribe(ClientFrame.Unsubscribe frame) {
    UUID childId = frame.childId();
    ChannelSubscription s = subscriptions.remove(childId);
    if (s != null) {
      s.end();
    }
    send(new JsonObject().put("type", "unsubscribed").put("childId", childId.toString()).encode());
  }

  void sendMessage(ClientFrame.Send frame) {
    UUID childId = frame.childId();
    String clientId = frame.clientId();
    String text = frame.text();
    sendTail = sendTail.transform(previous -> accesses.access(principal, childId, Action.MESSAGES_SEND)
        .compose(a -> messages.send(a, clientId, text))
        .onComplete(ar -> {
          if (ar.failed()) {
            send(refusal(ar.cause(), childId, clientId));
            return;
          }
          Message m = ar.result().message();
          send(new JsonObject().put("type", "ack").put("childId", childId.toString()).put("clientId", clientId)
              .put("seq", m.seq()).put("id", m.id().toString()).put("sentAt", m.sentAt().toString()).encode());
        })
        .<Void>mapEmpty()
        .otherwiseEmpty());
  }

  void read(ClientFrame.Read frame) {
    UUID childId = frame.childId();
    accesses.access(principal, childId, Action.MESSAGES_READ)
        .compose(a -> messages.markRead(a, frame.seq()))
        .onFailure(err -> send(refusal(err, childId, null)));
  }

  void typing(ClientFrame.Typing frame) {
    UUID childId = frame.childId();
    long now = System.nanoTime();
    if (now - lastTyping < TYPING_EVERY.toNanos()) {
      return;
    }
    lastTyping = now;
    accesses.access(principal, childId, Action.MESSAGES_SEND).onSuccess(messages::typing)
        .onFailure(err -> send(refusal(err, childId, null)));
  }

  String refusal(Throwable err, UUID childId, String clientId) {
    if (err instanceof ProblemException pe) {
      String code = pe.problem().type().slug();
      return error(code, pe.problem().detail() != null ? pe.problem().detail() : pe.problem().type().title(), childId, clientId);
    }
    LOG.warn("WebSocket request failed: {}", err.toString());
    return error("unavailable", "Något gick fel; försök igen.", childId, clientId);
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

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
