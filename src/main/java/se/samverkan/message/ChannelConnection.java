package se.samverkan.message;

import static se.samverkan.message.Abandoned.ABANDONED;
import static se.samverkan.message.ChannelFrames.error;
import static se.samverkan.message.ChannelFrames.refusal;
import static se.samverkan.message.ChannelFrames.utf8Length;
import static se.samverkan.message.ChannelProtocol.CLOSE_SLOW_CONSUMER;
import static se.samverkan.message.ChannelProtocol.CLOSE_TOO_BIG;
import static se.samverkan.message.ChannelProtocol.CLOSE_TOO_MANY_FRAMES;
import static se.samverkan.message.ChannelProtocol.REFUSALS_PER_SECOND;
import static se.samverkan.message.ChannelProtocol.REFUSAL_BURST;
import static se.samverkan.message.ChannelProtocol.TYPING_EVERY;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.http.RateLimiter;
import se.samverkan.identity.Principal;
import se.samverkan.identity.TokenValidator;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.AccessPolicy.Action;

/**
 * One client's WebSocket: its life (open, closed by the peer or by us), the client's frames
 * (subscribe, unsubscribe, send, read, typing, subscribe-direct, unsubscribe-direct) under its user's
 * frame rate, the accesses granted for its sends, and a bounded outbound queue. Its login is a
 * {@link ChannelLogin}, its subscriptions a {@link ChannelSubscriptions} and a
 * {@link DirectSubscriptions}; they reach the socket only as a {@link ChannelClient}.
 */
final class ChannelConnection implements ChannelClient {

  // The gateway's parts log under the gateway's name, as they did when they were one class.
  private static final Logger LOG = LoggerFactory.getLogger("se.samverkan.message.TeamChannelGateway");

  /**
   * What every connection of a gateway works with.
   *
   * @param maxQueuedFrames frames waiting for a slow client (outbound and held back for order) before it is closed
   * @param maxQueuedBytes  the same bound in bytes of UTF-8
   * @param accessRecheck   how long a granted access is reused for sends
   */
  record Parts(Vertx vertx, TokenValidator tokens, AccessPolicy policy, MessageService messages, SocketQuota quota,
               ChannelFanout fanout, ChannelSubscription.Parts subscriptions, DirectDevices devices, int maxQueuedFrames,
               long maxQueuedBytes, Duration accessRecheck) {
  }

  final ServerWebSocket ws;
  private final Parts parts;
  private final MessageService messages;
  private final SocketQuota quota;
  private final Consumer<ChannelConnection> disconnected;
  private final ChannelLogin login;
  private final ChannelSubscriptions subscriptions;
  private final DirectSubscriptions direct;
  private final AccessCache accesses;
  private final OutboundQueue outbound;
  /** Frames refused for the user's rate that this socket may still draw before it is closed. */
  private final RateLimiter refusals = new RateLimiter(REFUSALS_PER_SECOND, REFUSAL_BURST);
  /** Sends of this connection are stored one after the other, so one client's messages keep their order. */
  private Future<Void> sendTail = Future.succeededFuture();
  private long lastTyping;
  /** When the peer last sent anything (a frame or a pong), for the gateway's keep-alive. */
  long lastHeard = System.nanoTime();
  /** Closed by the peer or by us; {@code closing} as soon as we asked for the close. */
  private boolean closed;
  boolean closing;

  /** @param disconnected told once when the socket has closed */
  ChannelConnection(ServerWebSocket ws, Parts parts, Consumer<ChannelConnection> disconnected) {
    this.ws = ws;
    this.parts = parts;
    this.messages = parts.messages();
    this.quota = parts.quota();
    this.disconnected = disconnected;
    this.outbound = new OutboundQueue(ws, () -> closing, () -> closing = true);
    this.accesses = new AccessCache(parts.policy(), parts.accessRecheck(), () -> closed);
    this.login = new ChannelLogin(parts.vertx(), parts.tokens(), quota, this);
    // Channel and direct subscriptions share the socket's one cap: each counts the other's.
    int cap = quota.bounds().subscriptionsPerSocket();
    this.subscriptions = new ChannelSubscriptions(this, login::principal, accesses, parts.fanout(), parts.subscriptions(),
        cap, this::directCount);
    this.direct = new DirectSubscriptions(parts.vertx().eventBus(), this, login::principal, parts.devices(), cap,
        subscriptions::size);
  }

  void start() {
    ws.closeHandler(v -> onClosed());
    String address = ws.remoteAddress() != null ? ws.remoteAddress().hostAddress() : "unknown";
    if (!login.admit(address)) {
      return;
    }
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

  /** Direct subscriptions held, for the channel subscriptions' share of the cap. */
  private int directCount() {
    return direct.size();
  }

  /** The authenticated user, or null before the first auth succeeded. */
  Principal principal() {
    return login.principal();
  }

  private void onClosed() {
    if (closed) {
      return;
    }
    closed = true;
    login.leave();
    disconnected.accept(this);
    subscriptions.endAll();
    direct.endAll();
    outbound.abandon();
  }

  @Override
  public void close(short code, String reason) {
    if (!closed && !closing) {
      closing = true;
      ws.close(code, reason);
    }
  }

  @Override
  public boolean closed() {
    return closed;
  }

  /** Access to the child was revoked: its subscription ends with an error frame. */
  void revoked(UUID childId) {
    subscriptions.revoked(childId);
  }

  @Override
  public void send(String frame) {
    enqueue(frame, utf8Length(frame));
  }

  @Override
  public void send(Delivery d) {
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
  @Override
  public void checkBacklog() {
    long frames = outbound.frames() + subscriptions.heldFrames();
    long bytes = outbound.bytes() + subscriptions.heldBytes();
    if (!closed && !closing && (frames > parts.maxQueuedFrames() || bytes > parts.maxQueuedBytes())) {
      outbound.clear();
      close(CLOSE_SLOW_CONSUMER, "För långsam mottagare: återanslut och hämta historiken");
    }
  }

  @Override
  public long queuedBytes() {
    return outbound.bytes();
  }

  @Override
  public Future<Void> whenWritable() {
    if (closed) {
      return Future.failedFuture(ABANDONED);
    }
    return outbound.whenWritable();
  }

  private void onFrame(String text) {
    lastHeard = System.nanoTime();
    if (closed || closing) {
      return;
    }
    try {
      ClientFrame frame = ClientFrame.parse(text);
      if (principal() == null) {
        login.beforeAuthentication(frame);
        return;
      }
      if (!quota.frame(principal().subject())) {
        overRate(frame);
        return;
      }
      dispatch(frame);
    } catch (RuntimeException e) {
      // A bug of ours, not the client's: answer, keep the socket, and log without the frame's content.
      LOG.error("A WebSocket frame could not be handled ({})", e.getClass().getName(), e);
      send(error("unavailable", "Något gick fel; försök igen.", null, null));
    }
  }

  private void dispatch(ClientFrame frame) {
    switch (frame) {
      case ClientFrame.Auth f -> login.auth(f);
      case ClientFrame.Subscribe f -> subscriptions.subscribe(f);
      case ClientFrame.Unsubscribe f -> subscriptions.unsubscribe(f);
      case ClientFrame.SubscribeDirect f -> direct.subscribe(f);
      case ClientFrame.UnsubscribeDirect f -> direct.unsubscribe(f);
      case ClientFrame.Send f -> sendMessage(f);
      case ClientFrame.Read f -> read(f);
      case ClientFrame.Typing f -> typing(f);
      case ClientFrame.UnknownType f -> send(error("unknown-type", "Okänd ramtyp: " + abbreviate(f.type()), null, null));
      case ClientFrame.Malformed f -> send(error("malformed", f.reason(), f.childId(), f.clientId()));
    }
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

  private void sendMessage(ClientFrame.Send frame) {
    UUID childId = frame.childId();
    String clientId = frame.clientId();
    sendTail = sendTail.transform(previous -> accesses.access(principal(), childId, Action.MESSAGES_SEND)
        .compose(a -> messages.send(a, clientId, frame.text()))
        .onComplete(ar -> send(ar.failed()
            ? refusal(ar.cause(), childId, clientId)
            : ChannelFrames.ack(childId, clientId, ar.result().message())))
        .<Void>mapEmpty()
        .otherwiseEmpty());
  }

  private void read(ClientFrame.Read frame) {
    UUID childId = frame.childId();
    accesses.access(principal(), childId, Action.MESSAGES_READ)
        .compose(a -> messages.markRead(a, frame.seq()))
        .onFailure(err -> send(refusal(err, childId, null)));
  }

  private void typing(ClientFrame.Typing frame) {
    UUID childId = frame.childId();
    long now = System.nanoTime();
    if (now - lastTyping < TYPING_EVERY.toNanos()) {
      return;
    }
    lastTyping = now;
    accesses.access(principal(), childId, Action.MESSAGES_SEND).onSuccess(messages::typing)
        .onFailure(err -> send(refusal(err, childId, null)));
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
