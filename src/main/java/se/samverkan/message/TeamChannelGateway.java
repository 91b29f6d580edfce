package se.samverkan.message;

import static se.samverkan.message.ChannelProtocol.CLOSE_PEER_GONE;
import static se.samverkan.message.ChannelProtocol.CLOSE_SIGNED_OUT;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.identity.TokenValidator;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.shared.EventAddresses;

/**
 * Live team channels over WebSocket at {@code /api/ws} (protocol in docs/PROTOCOL.md), one gateway
 * per HTTP verticle. All its state belongs to that verticle's event loop: the connections it was
 * handed, the event-bus consumers it registered (the event bus delivers on the registering
 * context) and the timers it set; nothing is shared with the other event loops' gateways.
 *
 * <p>Per connection ({@link ChannelConnection}): first-frame authentication ({@link ChannelLogin};
 * tokens never travel in URLs), at most one subscription per channel and a cap on them
 * ({@link ChannelSubscriptions}), each ({@link ChannelSubscription}) replaying what was missed and
 * then delivering live events in sequence order at most once, a bounded outbound queue
 * ({@link OutboundQueue}: a consumer that cannot keep up is closed and resumes from history).
 * Across event loops ({@link SocketQuota}): sockets not yet authenticated per address and in total,
 * sockets per user, and a frame rate per user. Per channel ({@link ChannelFanout}): one event-bus
 * consumer per verticle fans events out to the local subscribers, so a clustered event bus spreads
 * the same events over nodes without code changes. Per device ({@link DirectSubscriptions}): a
 * socket that sent {@code subscribe-direct} for one of its user's devices (asked through the
 * {@link DirectDevices} port) gets that device's direct-message frames unchanged, through its own
 * event-bus consumer, unregistered when the subscription or the socket ends. This class is the
 * entry point: it owns the connections, the revocation consumer and the keep-alive timer, and hands
 * its parts their collaborators. The parts call back only through interfaces the callee owns
 * ({@link ChannelClient}, {@link ChannelSubscription.Owner}) or plain callbacks, so their files
 * form no cycle.
 *
 * <p>A subscription is set up in several asynchronous steps (access check, the channel's last
 * number, the consumer's registration, history pages). Each step, when it completes, first checks
 * that its subscription is still the one registered for the channel on that connection: an
 * unsubscribe, a revocation or a close in the meantime has already ended it, and the late step
 * delivers nothing.
 */
public final class TeamChannelGateway {

  private static final Logger LOG = LoggerFactory.getLogger(TeamChannelGateway.class);

  public static final String PATH = "/api/ws";
  public static final int MAX_FRAME_BYTES = 64 * 1024;

  /**
   * The gateway's timers and per-socket queue bounds; production uses {@link #DEFAULT}, tests shorten
   * them. The configurable bounds (auth timeout, socket caps, frame rate) are the {@link SocketQuota}'s.
   *
   * @param pingInterval    how often the server pings every socket: well below the HTTP idle timeout
   *                        (120 s), which the pings and their pongs keep from closing idle sockets
   * @param pongTimeout     a socket that sent nothing (not even a pong) for this long is closed: the peer is gone
   * @param maxQueuedFrames frames waiting for a slow client (outbound and held back for order) before it is closed
   * @param maxQueuedBytes  the same bound in bytes of UTF-8, so that a backlog of 16 KiB texts stays small
   * @param accessRecheck   how long a granted access is reused for sends, and how often a subscription
   *                        asks the policy again (it also asks when the caller's consent runs out)
   */
  record Settings(Duration pingInterval, Duration pongTimeout, int maxQueuedFrames, long maxQueuedBytes,
                  Duration accessRecheck) {
    static final Settings DEFAULT = new Settings(Duration.ofSeconds(30), Duration.ofSeconds(75), 2_000,
        4L * 1024 * 1024, Duration.ofMinutes(5));
  }

  /**
   * The WebSocket options of a server that hands its sockets to a gateway. Compression is off: Netty
   * inflates a permessage-deflate (or per-frame) frame with no bound on the inflated size, so the
   * frame limit would only bound the compressed bytes and a 48 KB frame could become 50 MB on the
   * heap before anyone logged in. Team-channel frames are small JSON; they gain little from it.
   */
  public static HttpServerOptions webSocketOptions(HttpServerOptions options) {
    return options
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        .setMaxWebSocketFrameSize(MAX_FRAME_BYTES)
        .setMaxWebSocketMessageSize(MAX_FRAME_BYTES);
  }

  private final Vertx vertx;
  private final AtomicInteger open;
  private final Settings settings;
  /** What the gateway hands each of its connections (and they their subscriptions). */
  private final ChannelConnection.Parts parts;
  private final Set<ChannelConnection> connections = new HashSet<>();
  /** The event loop this gateway lives on (its handlers may run on duplicated contexts of it). */
  private Thread eventLoop;
  private MessageConsumer<JsonObject> revocations;
  private MessageConsumer<JsonObject> signOuts;
  private long pingTimer = -1;

  /**
   * @param openConnections a process-wide gauge of open WebSocket connections (for /health)
   * @param quota           the process-wide bounds, shared by every event loop's gateway
   * @param devices         the direct feature's answer to whether a device is the user's, for {@code subscribe-direct}
   */
  public TeamChannelGateway(Vertx vertx, TokenValidator tokens, AccessPolicy policy, MessageService messages,
      AtomicInteger openConnections, SocketQuota quota, DirectDevices devices) {
    this(vertx, tokens, policy, messages, openConnections, quota, devices, Settings.DEFAULT);
  }

  TeamChannelGateway(Vertx vertx, TokenValidator tokens, AccessPolicy policy, MessageService messages,
      AtomicInteger openConnections, SocketQuota quota, DirectDevices devices, Settings settings) {
    this.vertx = vertx;
    this.open = openConnections;
    this.settings = settings;
    ChannelFanout fanout = new ChannelFanout(vertx, messages, this::onOwnLoop);
    this.parts = new ChannelConnection.Parts(vertx, tokens, policy, messages, quota, fanout,
        new ChannelSubscription.Parts(vertx, policy, messages, settings.accessRecheck(), fanout::leave), devices,
        settings.maxQueuedFrames(), settings.maxQueuedBytes(), settings.accessRecheck());
  }

  /** Call on the event loop that will hand this gateway its sockets (the verticle's). */
  public void start() {
    eventLoop = Thread.currentThread();
    revocations = vertx.eventBus().consumer(EventAddresses.ACCESS_REVOKED, m -> revoke(m.body()));
    signOuts = vertx.eventBus().consumer(EventAddresses.USER_SIGNED_OUT, m -> signedOut(m.body()));
    // One timer for all sockets of this event loop, not one per socket: idle sockets stay cheap.
    pingTimer = vertx.setPeriodic(settings.pingInterval().toMillis(), t -> keepAlive());
  }

  /**
   * Pings every socket. The ping (and its pong) is traffic, so the HTTP server's idle timeout does
   * not close a quiet but healthy socket; a socket that sent nothing at all — not even pongs — for
   * {@code pongTimeout} has lost its peer and is closed.
   */
  private void keepAlive() {
    long now = System.nanoTime();
    for (ChannelConnection c : List.copyOf(connections)) {
      if (now - c.lastHeard > settings.pongTimeout().toNanos()) {
        c.close(CLOSE_PEER_GONE, "Inget svar på ping: anslutningen är borta");
      } else if (!c.closing && !c.ws.isClosed()) {
        try {
          c.ws.writePing(io.vertx.core.buffer.Buffer.buffer());
        } catch (IllegalStateException closedUnderUs) {
          // Its close handler is on its way.
        }
      }
    }
  }

  public Future<Void> stop() {
    vertx.cancelTimer(pingTimer);
    for (ChannelConnection c : new ArrayList<>(connections)) {
      c.ws.close((short) 1001, "Servern startar om");
    }
    return Future.all(revocations == null ? Future.succeededFuture() : revocations.unregister(),
        signOuts == null ? Future.succeededFuture() : signOuts.unregister()).mapEmpty();
  }

  public void connect(ServerWebSocket ws) {
    assert onOwnLoop() : "a socket handed to another event loop's gateway";
    ChannelConnection c = new ChannelConnection(ws, parts, this::disconnected);
    connections.add(c);
    open.incrementAndGet();
    c.start();
  }

  /** A connection's socket closed: it is no longer kept alive, revoked or counted. */
  private void disconnected(ChannelConnection c) {
    connections.remove(c);
    open.decrementAndGet();
  }

  /** Open connections handled by this gateway. */
  public int connectionCount() {
    return connections.size();
  }

  private boolean onOwnLoop() {
    return eventLoop == null || Thread.currentThread() == eventLoop;
  }

  /** A consent was withdrawn or a member removed: their subscriptions end now, with an error frame. */
  private void revoke(JsonObject event) {
    assert onOwnLoop();
    UUID childId;
    Set<String> usernames = new HashSet<>();
    try {
      childId = UUID.fromString(event.getString("childId"));
      event.getJsonArray("usernames", new JsonArray()).forEach(u -> usernames.add((String) u));
    } catch (RuntimeException e) {
      LOG.warn("Ignored an access-revoked event of the wrong shape");
      return;
    }
    for (ChannelConnection c : new ArrayList<>(connections)) {
      if (c.principal() != null && usernames.contains(c.principal().username())) {
        c.revoked(childId);
      }
    }
  }

  /** A security admin logged the person out or disabled them: every socket of theirs closes now. */
  private void signedOut(JsonObject event) {
    assert onOwnLoop();
    String subject = event.getString("subject");
    if (subject == null) {
      LOG.warn("Ignored a user-signed-out event of the wrong shape");
      return;
    }
    for (ChannelConnection c : new ArrayList<>(connections)) {
      if (c.principal() != null && subject.equals(c.principal().subject())) {
        c.close(CLOSE_SIGNED_OUT, "Du har loggats ut av säkerhetsadministratören");
      }
    }
  }
}
