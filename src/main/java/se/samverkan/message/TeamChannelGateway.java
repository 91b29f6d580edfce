package se.samverkan.message;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.consent.ConsentService;
import se.samverkan.crypto.DataKey;
import se.samverkan.http.ProblemException;
import se.samverkan.http.RateLimiter;
import se.samverkan.identity.Principal;
import se.samverkan.identity.TokenValidator;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.AccessPolicy.Action;
import se.samverkan.policy.AccessPolicy.ChildAccess;

/**
 * Live team channels over WebSocket at {@code /api/ws} (protocol in docs/PROTOCOL.md), one gateway
 * per HTTP verticle, running on that verticle's event loop.
 *
 * <p>Per connection: first-frame authentication (tokens never travel in URLs), subscriptions that
 * replay what was missed and then deliver live events in sequence order at most once, a bounded
 * outbound queue (a consumer that cannot keep up is closed and resumes from history), and a frame
 * rate limit. Per channel: one event-bus consumer per verticle fans events out to the local
 * subscribers, so a clustered event bus spreads the same events over nodes without code changes.
 */
public final class TeamChannelGateway {

  private static final Logger LOG = LoggerFactory.getLogger(TeamChannelGateway.class);

  public static final String PATH = "/api/ws";
  public static final int MAX_FRAME_BYTES = 64 * 1024;
  static final int MAX_PENDING_FRAMES = 2_000;
  static final int REPLAY_PAGE = 200;
  static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);
  static final Duration ACCESS_RECHECK = Duration.ofMinutes(5);
  static final Duration GAP_WAIT = Duration.ofMillis(150);
  /** Frames per connection: generous for a client resending a backlog, a wall for a flood. */
  static final double FRAMES_PER_SECOND = 200;
  static final double FRAME_BURST = 1_000;

  // Close codes (4000–4999 are the application's own).
  static final short CLOSE_AUTH_REQUIRED = 4401;
  static final short CLOSE_SESSION_EXPIRED = 4402;
  static final short CLOSE_FORBIDDEN_SWITCH = 4403;
  static final short CLOSE_SLOW_CONSUMER = 4408;
  static final short CLOSE_TOO_MANY_FRAMES = 4429;
  static final short CLOSE_TOO_BIG = 1009;

  private final Vertx vertx;
  private final TokenValidator tokens;
  private final AccessPolicy policy;
  private final MessageService messages;
  private final Map<UUID, Channel> channels = new HashMap<>();
  private final Set<Connection> connections = new HashSet<>();
  private final AtomicInteger open;
  private MessageConsumer<JsonObject> revocations;

  /**
   * @param openConnections a process-wide gauge of open WebSocket connections (for /health)
   */
  public TeamChannelGateway(Vertx vertx, TokenValidator tokens, AccessPolicy policy, MessageService messages,
      AtomicInteger openConnections) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.policy = policy;
    this.messages = messages;
    this.open = openConnections;
  }

  public void start() {
    revocations = vertx.eventBus().consumer(ConsentService.ACCESS_REVOKED, m -> revoke(m.body()));
  }

  public Future<Void> stop() {
    for (Connection c : new ArrayList<>(connections)) {
      c.ws.close((short) 1001, "Servern startar om");
    }
    return revocations == null ? Future.succeededFuture() : revocations.unregister();
  }

  public void connect(ServerWebSocket ws) {
    Connection c = new Connection(ws);
    connections.add(c);
    open.incrementAndGet();
    c.start();
  }

  /** A consent was withdrawn or a member removed: their subscriptions end now, with an error frame. */
  private void revoke(JsonObject event) {
    UUID childId = UUID.fromString(event.getString("childId"));
    Set<String> usernames = new HashSet<>();
    event.getJsonArray("usernames", new JsonArray()).forEach(u -> usernames.add((String) u));
    for (Connection c : new ArrayList<>(connections)) {
      if (c.principal != null && usernames.contains(c.principal.username())) {
        c.accessCache.remove(childId);
        Subscription s = c.subscriptions.remove(childId);
        if (s != null) {
          leave(s);
          c.send(error("access-revoked", "Du har inte längre tillgång till barnets kanal.", childId, null));
        }
      }
    }
  }

  // ------------------------------------------------------------------ channels (event-bus fan-out)

  /** The local subscribers of one channel and this verticle's one consumer of its events. */
  private final class Channel {
    final UUID childId;
    final Set<Subscription> subscribers = new HashSet<>();
    MessageConsumer<JsonObject> consumer;
    /** Events are handled one after the other, so a slow key lookup cannot reorder them. */
    Future<Void> tail = Future.succeededFuture();

    Channel(UUID childId) {
      this.childId = childId;
    }
  }

  private void join(Subscription s) {
    Channel channel = channels.computeIfAbsent(s.childId, id -> {
      Channel ch = new Channel(id);
      ch.consumer = vertx.eventBus().consumer(ChannelEvents.address(id), m -> {
        JsonObject event = m.body();
        ch.tail = ch.tail.transform(x -> dispatch(ch, event)).recover(err -> {
          LOG.warn("Dropped a channel event: {}", err.getMessage());
          return Future.succeededFuture();
        });
      });
      return ch;
    });
    channel.subscribers.add(s);
  }

  private void leave(Subscription s) {
    Channel channel = channels.get(s.childId);
    if (channel == null) {
      return;
    }
    channel.subscribers.remove(s);
    if (channel.subscribers.isEmpty()) {
      channel.consumer.unregister();
      channels.remove(s.childId);
    }
  }

  private Future<Void> dispatch(Channel channel, JsonObject event) {
    if (channel.subscribers.isEmpty()) {
      return Future.succeededFuture();
    }
    String kind = event.getString("event");
    if ("receipt".equals(kind) || "typing".equals(kind)) {
      JsonObject frame = new JsonObject().put("type", kind).put("childId", event.getString("childId"))
          .put("username", event.getString("username"));
      if ("receipt".equals(kind)) {
        frame.put("seq", event.getLong("seq"));
      } else {
        frame.put("name", event.getString("name"));
      }
      String text = frame.encode();
      for (Subscription s : List.copyOf(channel.subscribers)) {
        if (!s.connection.principal.username().equals(event.getString("username"))) {
          s.connection.send(text);
        }
      }
      return Future.succeededFuture();
    }
    Message message = ChannelEvents.fromEvent(event);
    return messages.keys().keyFor(channel.childId).map(key -> {
      // Opened and encoded once per event and event loop, whatever the number of subscribers.
      Delivery delivery = new Delivery(message, messageFrame("message".equals(kind) ? "message" : kind, message, key).encode());
      for (Subscription s : List.copyOf(channel.subscribers)) {
        switch (kind) {
          case "message" -> s.offer(delivery, key);
          case "edited", "redacted" -> s.connection.send(delivery.frame());
          default -> LOG.debug("Unknown channel event {}", kind);
        }
      }
      return null;
    });
  }

  /** A message and its ready-encoded frame. */
  record Delivery(Message message, String frame) {
    long seq() {
      return message.seq();
    }
  }

  static JsonObject messageFrame(String type, Message m, DataKey key) {
    JsonObject json = m.toJson(key);
    return json.put("type", type);
  }

  static String error(String code, String message, UUID childId, String clientId) {
    JsonObject frame = new JsonObject().put("type", "error").put("code", code).put("message", message);
    if (childId != null) {
      frame.put("childId", childId.toString());
    }
    if (clientId != null) {
      frame.put("clientId", clientId);
    }
    return frame.encode();
  }

  // ------------------------------------------------------------------ one subscription

  /**
   * One connection's subscription to one channel. Delivers each sequence number at most once and
   * in order: while the history is replayed live events wait in {@link #pending}; a live event
   * that skips a number waits briefly for the missing one and then fetches it from the database.
   */
  private final class Subscription {
    final UUID childId;
    final Connection connection;
    final Instant visibleFrom;
    long lastSeq;
    boolean replaying = true;
    final TreeMap<Long, Delivery> pending = new TreeMap<>();
    long gapTimer = -1;

    Subscription(UUID childId, Connection connection, Instant visibleFrom, long afterSeq) {
      this.childId = childId;
      this.connection = connection;
      this.visibleFrom = visibleFrom;
      this.lastSeq = afterSeq;
    }

    void offer(Delivery d, DataKey key) {
      if (d.seq() <= lastSeq) {
        return;
      }
      pending.put(d.seq(), d);
      if (!replaying) {
        drain(key);
      }
    }

    void drain(DataKey key) {
      while (!pending.isEmpty() && pending.firstKey() <= lastSeq + 1) {
        Delivery next = pending.pollFirstEntry().getValue();
        if (next.seq() == lastSeq + 1) {
          deliver(next);
        }
      }
      if (!pending.isEmpty() && gapTimer < 0) {
        gapTimer = vertx.setTimer(GAP_WAIT.toMillis(), t -> {
          gapTimer = -1;
          fillGap();
        });
      }
    }

    private void deliver(Delivery d) {
      lastSeq = d.seq();
      if (visibleFrom == null || !d.message().sentAt().isBefore(visibleFrom)) {
        connection.send(d.frame());
      }
    }

    private void deliver(Message m, DataKey key) {
      deliver(new Delivery(m, messageFrame("message", m, key).encode()));
    }

    /** A number is still missing after the wait: the database has it (it committed before its successor). */
    private void fillGap() {
      if (pending.isEmpty() || connection.subscriptions.get(childId) != this) {
        return;
      }
      long until = pending.firstKey();
      Future.all(messages.keys().keyFor(childId), messages.repository().range(childId, lastSeq, until))
          .onSuccess(all -> {
            DataKey key = all.resultAt(0);
            List<Message> missing = all.resultAt(1);
            for (Message m : missing) {
              if (m.seq() == lastSeq + 1) {
                deliver(m, key);
              }
            }
            drain(key);
          })
          .onFailure(err -> LOG.warn("Could not fill a gap in a channel: {}", err.getMessage()));
    }

    /** Sends what was missed since afterSeq, page by page, then whatever arrived live meanwhile. */
    Future<Void> replay() {
      return Future.all(messages.keys().keyFor(childId),
              messages.repository().history(childId, lastSeq, null, REPLAY_PAGE, visibleFrom))
          .compose(all -> {
            DataKey key = all.resultAt(0);
            List<Message> page = all.resultAt(1);
            for (Message m : page) {
              if (m.seq() > lastSeq) {
                deliver(m, key);
              }
            }
            if (page.size() == REPLAY_PAGE && connection.subscriptions.get(childId) == this) {
              return replay();
            }
            replaying = false;
            drain(key);
            return Future.succeededFuture();
          });
    }

    void cancel() {
      if (gapTimer >= 0) {
        vertx.cancelTimer(gapTimer);
      }
    }
  }

  // ------------------------------------------------------------------ one connection

  private final class Connection {
    final ServerWebSocket ws;
    Principal principal;
    long authTimer = -1;
    long expiryTimer = -1;
    final Map<UUID, Subscription> subscriptions = new HashMap<>();
    /** Granted accesses, re-checked after ACCESS_RECHECK (consents expire) and dropped on revocation. */
    final Map<UUID, CachedAccess> accessCache = new HashMap<>();
    final ArrayDeque<String> outbound = new ArrayDeque<>();
    final RateLimiter frames = new RateLimiter(FRAMES_PER_SECOND, FRAME_BURST);
    /** Sends of this connection are stored one after the other, so one client's messages keep their order. */
    Future<Void> sendTail = Future.succeededFuture();
    long lastTyping;
    boolean closed;

    Connection(ServerWebSocket ws) {
      this.ws = ws;
    }

    void start() {
      authTimer = vertx.setTimer(AUTH_TIMEOUT.toMillis(), t -> {
        if (principal == null) {
          close(CLOSE_AUTH_REQUIRED, "Autentisering krävs: skicka {\"type\":\"auth\",\"token\":…} först");
        }
      });
      ws.textMessageHandler(this::onFrame);
      ws.binaryMessageHandler(b -> send(error("malformed", "Binära ramar stöds inte.", null, null)));
      ws.drainHandler(v -> flush());
      ws.exceptionHandler(err -> {
        LOG.debug("WebSocket error: {}", err.getMessage());
        // Vert.x reports a message over the size limit here without closing; the protocol says 1009.
        if (err instanceof IllegalStateException && String.valueOf(err.getMessage()).contains("max message size")) {
          close(CLOSE_TOO_BIG, "Ramen är för stor (högst 64 KiB)");
        }
      });
      ws.closeHandler(v -> onClosed());
    }

    void onClosed() {
      if (closed) {
        return;
      }
      closed = true;
      connections.remove(this);
      open.decrementAndGet();
      vertx.cancelTimer(authTimer);
      vertx.cancelTimer(expiryTimer);
      for (Subscription s : subscriptions.values()) {
        s.cancel();
        leave(s);
      }
      subscriptions.clear();
      outbound.clear();
    }

    void close(short code, String reason) {
      if (!closed) {
        ws.close(code, reason);
      }
    }

    /** Bounded outbound queue: beyond it the client is too slow; it is closed and resumes from history. */
    void send(String frame) {
      if (closed) {
        return;
      }
      if (outbound.isEmpty() && !ws.writeQueueFull()) {
        ws.writeTextMessage(frame);
        return;
      }
      outbound.add(frame);
      if (outbound.size() > MAX_PENDING_FRAMES) {
        outbound.clear();
        close(CLOSE_SLOW_CONSUMER, "För långsam mottagare: återanslut och hämta historiken");
      }
    }

    void flush() {
      while (!outbound.isEmpty() && !ws.writeQueueFull()) {
        ws.writeTextMessage(outbound.poll());
      }
    }

    void onFrame(String text) {
      try {
        if (!frames.tryAcquire("frames")) {
          close(CLOSE_TOO_MANY_FRAMES, "För många ramar");
          return;
        }
        ClientFrame frame = ClientFrame.parse(text);
        if (frame.type() != null && !"auth".equals(frame.type()) && principal == null) {
          close(CLOSE_AUTH_REQUIRED, "Autentisering krävs innan andra ramar");
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

    Future<ChildAccess> access(UUID childId, Action action) {
      CachedAccess cached = accessCache.get(childId);
      if (cached != null && System.nanoTime() - cached.checkedAt < ACCESS_RECHECK.toNanos()) {
        return Future.succeededFuture(cached.access);
      }
      return policy.professional(principal, childId, action).onSuccess(a -> accessCache.put(childId, new CachedAccess(a, System.nanoTime())));
    }

    void subscribe(ClientFrame.Subscribe frame) {
      UUID childId = frame.childId();
      Long afterSeq = frame.afterSeq();
      if (subscriptions.containsKey(childId)) {
        send(error("already-subscribed", "Redan prenumererad.", childId, null));
        return;
      }
      // The read is logged at subscribe: a fresh policy decision, not the cached one.
      accessCache.remove(childId);
      access(childId, Action.MESSAGES_READ)
          .compose(a -> afterSeq != null ? Future.succeededFuture(afterSeq) : messages.repository().lastSeq(childId))
          .onComplete(ar -> {
            if (closed) {
              return;
            }
            if (ar.failed()) {
              send(refusal(ar.cause(), childId, null));
              return;
            }
            ChildAccess a = accessCache.get(childId).access;
            Subscription s = new Subscription(childId, this, MessageService.visibleFrom(a), ar.result());
            subscriptions.put(childId, s);
            join(s);
            send(new JsonObject().put("type", "subscribed").put("childId", childId.toString())
                .put("afterSeq", ar.result()).encode());
            s.replay().onFailure(err -> {
              LOG.warn("Replay failed: {}", err.getMessage());
              subscriptions.remove(childId);
              leave(s);
              send(error("unavailable", "Historiken kunde inte hämtas; prenumerera igen.", childId, null));
            });
          });
    }

    void unsubscribe(ClientFrame.Unsubscribe frame) {
      UUID childId = frame.childId();
      Subscription s = subscriptions.remove(childId);
      if (s != null) {
        s.cancel();
        leave(s);
      }
      send(new JsonObject().put("type", "unsubscribed").put("childId", childId.toString()).encode());
    }

    void sendMessage(ClientFrame.Send frame) {
      UUID childId = frame.childId();
      String clientId = frame.clientId();
      String text = frame.text();
      sendTail = sendTail.transform(previous -> access(childId, Action.MESSAGES_SEND)
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
      long seq = frame.seq();
      access(childId, Action.MESSAGES_READ)
          .compose(a -> messages.markRead(a, seq))
          .onFailure(err -> send(refusal(err, childId, null)));
    }

    void typing(ClientFrame.Typing frame) {
      UUID childId = frame.childId();
      long now = System.nanoTime();
      if (now - lastTyping < Duration.ofSeconds(2).toNanos()) {
        return;
      }
      lastTyping = now;
      access(childId, Action.MESSAGES_SEND).onSuccess(messages::typing).onFailure(err -> send(refusal(err, childId, null)));
    }

    String refusal(Throwable err, UUID childId, String clientId) {
      if (err instanceof ProblemException pe) {
        String code = pe.problem().type().slug();
        return error(code, pe.problem().detail() != null ? pe.problem().detail() : pe.problem().type().title(), childId, clientId);
      }
      LOG.warn("WebSocket request failed: {}", err.toString());
      return error("unavailable", "Något gick fel; försök igen.", childId, clientId);
    }
  }

  private record CachedAccess(ChildAccess access, long checkedAt) {
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }

  /** Open connections handled by this gateway. */
  public int connectionCount() {
    return connections.size();
  }
}
