package se.samverkan.message;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.KeyVault;
import se.samverkan.crypto.SealLabel;
import se.samverkan.http.RateLimiter;
import se.samverkan.identity.Principal;
import se.samverkan.policy.AccessPolicy.ChildAccess;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;

/**
 * Messages in a child's team channel. A send is acknowledged only after its transaction committed;
 * the same client id returns the original; sequence numbers are gap-free per channel. Texts are
 * sealed under the child's key. Live delivery happens after commit, over the event bus.
 */
public final class MessageService {

  public static final int MAX_TEXT_BYTES = 16 * 1024;
  public static final int MAX_PAGE = 200;

  /** The outcome of a send: the message, and whether this call created it (false: a resend). */
  public record Sent(Message message, boolean created) {
  }

  /** A send as the REST caller is answered: the message with its text, and whether this call created it. */
  public record Posted(MessageView message, boolean created) {
  }

  /** A page of the history in seq order, and whether more may follow it. */
  public record History(List<MessageView> messages, boolean hasMore) {
    public History {
      messages = List.copyOf(messages);
    }
  }

  private final Pool pool;
  private final KeyVault keys;
  private final MessageRepository messages;
  private final EventBus eventBus;
  private final RateLimiter sendLimiter;
  private final SendBatcher batcher;

  /** Create on the event loop that will call it (one per HTTP verticle): sends are batched per event loop. */
  public MessageService(Pool pool, KeyVault keys, MessageRepository messages, EventBus eventBus, RateLimiter sendLimiter,
      io.vertx.core.Context context) {
    this.batcher = new SendBatcher(pool, messages, context);
    this.pool = pool;
    this.keys = keys;
    this.messages = messages;
    this.eventBus = eventBus;
    this.sendLimiter = sendLimiter;
  }

  public Future<Sent> send(ChildAccess access, String clientId, String text) {
    Principal who = access.principal();
    if (text == null || text.isBlank()) {
      return Future.failedFuture(ProblemException.invalid("Meddelandet är tomt."));
    }
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
      return Future.failedFuture(new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
          "Ett meddelande får vara högst 16 KiB."));
    }
    if (clientId == null || clientId.isBlank() || clientId.length() > 100) {
      return Future.failedFuture(ProblemException.invalid("clientId saknas eller är för långt (högst 100 tecken)."));
    }
    UUID childId = access.childId();
    UUID sender = UUID.fromString(who.subject());
    if (!sendLimiter.tryAcquire(who.subject())) {
      return Future.failedFuture(new ProblemException(Problem.of(ProblemType.TOO_MANY_REQUESTS,
          "Du skickar för många meddelanden just nu. Vänta en stund.").with("retryAfterSeconds", 1)));
    }
    UUID id = UUID.randomUUID();
    return keys.keyFor(childId)
        .compose(key -> batcher.submit(new SendBatcher.Send(id, childId, sender, who.username(), who.name(),
            who.organisation().orElse(null), clientId, key.seal(SealLabel.MESSAGE_TEXT, id, text))))
        .map(m -> new Sent(m, true))
        // Sent before (a resend after a lost ack): answer with the original.
        .recover(err -> MessageRepository.isDuplicateClientId(err)
            ? messages.byClientId(pool, childId, sender, clientId).map(m -> new Sent(m.orElseThrow(), false))
            : Future.failedFuture(err))
        .onSuccess(sent -> {
          if (sent.created()) {
            eventBus.publish(ChannelEvents.address(childId), ChannelEvents.message("message", sent.message()));
          }
        });
  }

  /** A send answered with the stored message (on a resend the original, which may differ from this text). */
  public Future<Posted> post(ChildAccess access, String clientId, String text) {
    return send(access, clientId, text)
        .compose(sent -> keys.keyFor(access.childId()).map(key -> new Posted(MessageView.open(sent.message(), key), sent.created())));
  }

  /** The earliest moment of the channel the caller may read: joining the team, or a responsibility-only handover. */
  static Instant visibleFrom(ChildAccess access) {
    return access.isChildContact() ? access.historyFrom() : access.memberSince();
  }

  public Future<History> history(ChildAccess access, Long afterSeq, Long beforeSeq, Integer limit) {
    int pageSize = limit == null ? 50 : Math.min(MAX_PAGE, Math.max(1, limit));
    return Future.all(keys.keyFor(access.childId()),
            messages.history(access.childId(), afterSeq, beforeSeq, pageSize, visibleFrom(access)))
        .map(all -> {
          DataKey key = all.resultAt(0);
          List<Message> page = all.resultAt(1);
          return new History(page.stream().map(m -> MessageView.open(m, key)).toList(), page.size() == pageSize);
        });
  }

  public Future<MessageView> edit(ChildAccess access, UUID messageId, String text) {
    if (text == null || text.isBlank()) {
      return Future.failedFuture(ProblemException.invalid("Meddelandet är tomt."));
    }
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
      return Future.failedFuture(new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "Ett meddelande får vara högst 16 KiB."));
    }
    UUID childId = access.childId();
    return keys.keyFor(childId).compose(key -> ownMessage(access, messageId)
        .compose(m -> messages.edit(childId, messageId, m.senderSubject(), key.seal(SealLabel.MESSAGE_TEXT, messageId, text)))
        .compose(updated -> updated.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(
            new ProblemException(ProblemType.CONFLICT, "Meddelandet är borttaget och kan inte ändras."))))
        .onSuccess(m -> eventBus.publish(ChannelEvents.address(childId), ChannelEvents.message("edited", m)))
        .map(m -> MessageView.open(m, key)));
  }

  public Future<Void> redact(ChildAccess access, UUID messageId) {
    UUID childId = access.childId();
    return ownMessage(access, messageId)
        .compose(m -> messages.redact(childId, messageId, m.senderSubject()))
        .compose(updated -> updated.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(
            new ProblemException(ProblemType.CONFLICT, "Meddelandet är redan borttaget."))))
        .onSuccess(m -> eventBus.publish(ChannelEvents.address(childId), ChannelEvents.message("redacted", m)))
        .mapEmpty();
  }

  private Future<Message> ownMessage(ChildAccess access, UUID messageId) {
    return messages.byId(pool, access.childId(), messageId).compose(found -> {
      Optional<Message> visible = found.filter(m -> visibleFrom(access) == null || !m.sentAt().isBefore(visibleFrom(access)));
      if (visible.isEmpty()) {
        return Future.failedFuture(ProblemException.notFound());
      }
      if (!visible.get().senderSubject().toString().equals(access.principal().subject())) {
        return Future.failedFuture(ProblemException.forbidden("Du kan bara ändra eller ta bort dina egna meddelanden."));
      }
      return Future.succeededFuture(visible.get());
    });
  }

  public Future<Void> markRead(ChildAccess access, long seq) {
    Principal who = access.principal();
    return messages.markRead(access.childId(), UUID.fromString(who.subject()), who.username(), seq)
        .onSuccess(v -> eventBus.publish(ChannelEvents.address(access.childId()),
            ChannelEvents.receipt(access.childId(), who.username(), seq, memberSince(access))));
  }

  public Future<List<ReadMarker>> readMarkers(ChildAccess access) {
    return messages.readMarkers(access.childId(), access.historyFrom());
  }

  public void typing(ChildAccess access) {
    eventBus.publish(ChannelEvents.address(access.childId()), ChannelEvents.typing(access.childId(),
        access.principal().username(), access.principal().name(), memberSince(access)));
  }

  /**
   * When the sender's membership began (null for the ChildContact), so that a contact who took over
   * without consent is not shown live frames of members hidden from them (see {@link ChannelSubscription#shows}).
   */
  private static String memberSince(ChildAccess access) {
    return access.isChildContact() || access.memberSince() == null ? null : access.memberSince().toString();
  }

  public MessageRepository repository() {
    return messages;
  }

  public KeyVault keys() {
    return keys;
  }
}
