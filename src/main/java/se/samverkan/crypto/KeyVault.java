package se.samverkan.crypto;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.templates.SqlTemplate;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import se.samverkan.shared.ProblemException;

/**
 * Per-child data keys (AES-256), stored wrapped by the {@link MasterKey}. Unwrapping runs on a
 * worker thread (an HSM/KMS call would block); unwrapped keys are cached briefly in memory.
 * Destroying a child's key makes every copy of its data unreadable, backups included.
 */
public final class KeyVault {

  private static final int KEY_BYTES = 32;
  private static final int CACHE_ENTRIES = 10_000;
  private static final Duration CACHE_TTL = Duration.ofMinutes(10);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vertx vertx;
  private final Pool pool;
  private final MasterKey masterKey;
  private final Map<UUID, Cached> cache = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<UUID, Cached> eldest) {
      return size() > CACHE_ENTRIES;
    }
  };

  private record Cached(DataKey key, long expiresAtNanos) {
  }

  public KeyVault(Vertx vertx, Pool pool, MasterKey masterKey) {
    this.vertx = vertx;
    this.pool = pool;
    this.masterKey = masterKey;
  }

  /** Creates and stores a fresh key for a new child, inside the caller's transaction. */
  public Future<DataKey> create(SqlClient tx, UUID childId) {
    byte[] raw = new byte[KEY_BYTES];
    RANDOM.nextBytes(raw);
    return vertx.executeBlocking(() -> masterKey.wrapChildKey(childId, raw), false)
        .compose(wrapped -> SqlTemplate.forUpdate(tx,
                "INSERT INTO child_key (child_id, wrapped_key) VALUES (#{child}, #{wrapped})")
            .execute(Map.of("child", childId, "wrapped", io.vertx.core.buffer.Buffer.buffer(wrapped))))
        .map(v -> {
          DataKey key = new DataKey(childId, new SecretKeySpec(raw, "AES"));
          Arrays.fill(raw, (byte) 0);
          remember(key);
          return key;
        });
  }

  /** The child's key; fails with 404 when the child (or its key) does not exist or was destroyed. */
  public Future<DataKey> keyFor(UUID childId) {
    DataKey cached = cached(childId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return pool.preparedQuery("SELECT wrapped_key FROM child_key WHERE child_id = $1")
        .execute(Tuple.of(childId))
        .compose(rows -> {
          Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
          if (row == null || row.getBuffer("wrapped_key") == null) {
            return Future.failedFuture(ProblemException.notFound());
          }
          byte[] wrapped = row.getBuffer("wrapped_key").getBytes();
          return vertx.executeBlocking(() -> new DataKey(childId, masterKey.unwrapChildKey(childId, wrapped)), false);
        })
        .onSuccess(this::remember);
  }

  /** Crypto-shreds a child: the wrapped key is erased, so its ciphertexts can never be opened again. */
  public Future<Void> destroy(SqlClient tx, UUID childId) {
    forget(childId);
    return tx.preparedQuery("UPDATE child_key SET wrapped_key = NULL, destroyed_at = now() WHERE child_id = $1")
        .execute(Tuple.of(childId)).mapEmpty();
  }

  private synchronized DataKey cached(UUID childId) {
    Cached c = cache.get(childId);
    if (c == null) {
      return null;
    }
    if (System.nanoTime() > c.expiresAtNanos()) {
      cache.remove(childId);
      return null;
    }
    return c.key();
  }

  private synchronized void remember(DataKey key) {
    cache.put(key.childId(), new Cached(key, System.nanoTime() + CACHE_TTL.toNanos()));
  }

  private synchronized void forget(UUID childId) {
    cache.remove(childId);
  }
}
