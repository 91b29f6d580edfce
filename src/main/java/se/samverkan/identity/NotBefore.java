package se.samverkan.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.shared.EventAddresses;

/**
 * The per-user not-before: access tokens of a person issued before it are refused, so a logout or a
 * disable by the security team ends tokens still inside their lifetime (Keycloak's own logout ends
 * only sessions and refresh tokens). Stored in {@code user_not_before}, held in memory (the validator
 * asks on every request, without I/O), loaded at start and kept current through
 * {@link EventAddresses#USER_SIGNED_OUT}, which every node hears.
 */
public final class NotBefore {

  private static final Logger LOG = LoggerFactory.getLogger(NotBefore.class);

  private final Vertx vertx;
  private final Pool pool;
  private final Map<String, Long> bySubject = new ConcurrentHashMap<>();
  private MessageConsumer<JsonObject> consumer;

  public NotBefore(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /** Listens for sign-outs, then loads every stored not-before. */
  public Future<Void> start() {
    consumer = vertx.eventBus().consumer(EventAddresses.USER_SIGNED_OUT, m -> heard(m.body()));
    return pool.preparedQuery("SELECT subject, not_before FROM user_not_before").execute()
        .map(rows -> {
          rows.forEach(r -> raise(r.getUUID("subject").toString(), r.getOffsetDateTime("not_before").toEpochSecond()));
          return (Void) null;
        });
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** Whether a token of this subject issued at {@code issuedAt} (epoch seconds; null: unknown) is refused. */
  public boolean refuses(String subject, Long issuedAt) {
    Long notBefore = bySubject.get(subject);
    return notBefore != null && (issuedAt == null || issuedAt < notBefore);
  }

  /**
   * Moves the person's not-before to the next whole second (token {@code iat} is in seconds: every
   * token issued up to now is then refused), stores it, and tells every node (which also closes the
   * person's sockets). A new login is accepted from that second on.
   */
  public Future<Instant> signOut(String subject, Instant now) {
    Instant notBefore = Instant.ofEpochSecond(now.getEpochSecond() + 1);
    return pool.preparedQuery("""
            INSERT INTO user_not_before (subject, not_before) VALUES ($1, $2)
            ON CONFLICT (subject) DO UPDATE
              SET not_before = GREATEST(user_not_before.not_before, EXCLUDED.not_before), updated_at = now()""")
        .execute(Tuple.of(UUID.fromString(subject), notBefore.atOffset(java.time.ZoneOffset.UTC)))
        .map(done -> {
          raise(subject, notBefore.getEpochSecond());
          vertx.eventBus().publish(EventAddresses.USER_SIGNED_OUT,
              new JsonObject().put("subject", subject).put("notBefore", notBefore.getEpochSecond()));
          return notBefore;
        });
  }

  private void heard(JsonObject event) {
    if (event == null || !(event.getValue("subject") instanceof String subject)
        || !(event.getValue("notBefore") instanceof Number notBefore)) {
      LOG.warn("Ignored a user-signed-out event of the wrong shape");
      return;
    }
    raise(subject, notBefore.longValue());
  }

  private void raise(String subject, long notBefore) {
    bySubject.merge(subject, notBefore, Math::max);
  }
}
