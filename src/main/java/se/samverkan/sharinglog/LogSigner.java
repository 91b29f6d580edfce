package se.samverkan.sharinglog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import se.samverkan.crypto.MasterKey;
import se.samverkan.store.Rows;

/**
 * The sharing log's Ed25519 signing keys, stored with their private halves wrapped by the master
 * key and kept for good ({@code signing_key} is append-only). The first key is made only for an
 * empty log: a log with entries whose key is gone refuses to start, because a silently new key is
 * exactly what a rewritten history would look like to a family's browser. A later key comes only
 * through {@link #rotate}, which stores the transition note signed by the key before it.
 */
public final class LogSigner {

  private static final String FIRST_KEY_ROW = "sharing-log";

  /**
   * What the log signs with now, and the notes announcing each key after the first, oldest first.
   *
   * @param signer its key name is the log's origin
   */
  public record Keys(SignedNote signer, int generation, List<String> transitions) {
    public Keys {
      transitions = List.copyOf(transitions);
    }
  }

  private record StoredKey(String name, int generation, String origin, byte[] publicKey, byte[] wrapped,
                           String transitionNote) {
  }

  private LogSigner() {
  }

  /**
   * The current key; creates the first one if the log is empty and has none.
   *
   * @param configuredOrigin the origin for a new log, and for a key stored before origins were (V7);
   *                         a stored origin wins over it
   */
  public static Future<Keys> open(Vertx vertx, Pool pool, MasterKey masterKey, String configuredOrigin) {
    return stored(pool)
        .compose(keys -> keys.isEmpty() ? createFirst(vertx, pool, masterKey, configuredOrigin) : Future.succeededFuture(keys))
        .compose(keys -> nameOriginOnce(pool, keys, configuredOrigin))
        .compose(keys -> load(vertx, masterKey, keys));
  }

  /**
   * A key from before origins were stored has signed with the origin configured now (or with one a
   * browser will report as changed): it keeps this one from now on, whatever the public URL becomes.
   */
  private static Future<List<StoredKey>> nameOriginOnce(Pool pool, List<StoredKey> keys, String origin) {
    if (keys.getLast().origin() != null) {
      return Future.succeededFuture(keys);
    }
    return pool.preparedQuery("UPDATE signing_key SET origin = $1 WHERE name = $2 AND origin IS NULL")
        .execute(Tuple.of(origin, keys.getLast().name()))
        .compose(v -> stored(pool));
  }

  /**
   * Replaces the current key by a new one (and the origin by {@code newOrigin}), announced by a note
   * signed with the current key. Run it with every server node stopped: a running node keeps signing
   * with the key it loaded at start. Two rotations at once cannot both succeed (unique generation).
   */
  public static Future<Keys> rotate(Vertx vertx, Pool pool, MasterKey masterKey, String configuredOrigin, String newOrigin) {
    return open(vertx, pool, masterKey, configuredOrigin)
        .compose(current -> vertx.executeBlocking(
            () -> newKeyRow(masterKey, current.generation() + 1, newOrigin, current.signer()), false))
        .compose(row -> pool.preparedQuery("""
                INSERT INTO signing_key (name, generation, origin, public_key, private_key_wrapped, transition_note)
                VALUES ($1, $2, $3, $4, $5, $6)""")
            .execute(row))
        .compose(v -> open(vertx, pool, masterKey, configuredOrigin));
  }

  private static Future<List<StoredKey>> stored(Pool pool) {
    return pool.query("""
            SELECT name, generation, origin, public_key, private_key_wrapped, transition_note
            FROM signing_key ORDER BY generation""")
        .mapping(r -> new StoredKey(r.getString("name"), r.getInteger("generation"), r.getString("origin"),
            r.getBuffer("public_key").getBytes(), r.getBuffer("private_key_wrapped").getBytes(),
            r.getString("transition_note")))
        .execute()
        .map(Rows::list);
  }

  private static Future<List<StoredKey>> createFirst(Vertx vertx, Pool pool, MasterKey masterKey, String origin) {
    return pool.query("SELECT size FROM sharing_log_head WHERE id = 1").execute()
        .compose(rows -> {
          long size = rows.iterator().next().getLong("size");
          if (size > 0) {
            return Future.failedFuture(new IllegalStateException(("The sharing log has %d entries but no signing key "
                + "(table signing_key is empty). A new key would make every family's browser report the log as "
                + "unverifiable: restore signing_key from a backup of this database. Refusing to start.").formatted(size)));
          }
          return vertx.executeBlocking(() -> newKeyRow(masterKey, 1, origin, null), false);
        })
        // A concurrent first start of another node may win; everybody then uses the stored key.
        .compose(row -> pool.preparedQuery("""
                INSERT INTO signing_key (name, generation, origin, public_key, private_key_wrapped, transition_note)
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""")
            .execute(row))
        .compose(v -> stored(pool));
  }

  /** A fresh key as a signing_key row; after the first, announced by {@code previous}. Blocking. */
  private static Tuple newKeyRow(MasterKey masterKey, int generation, String origin, SignedNote previous) throws Exception {
    KeyPair pair = SignedNote.generate();
    byte[] publicKey = SignedNote.rawPublicKey(pair.getPublic());
    String transition = previous == null ? null
        : KeyTransition.announce(previous, previous.keyName(), new SignedNote(origin, pair.getPrivate(), publicKey), origin);
    String name = generation == 1 ? FIRST_KEY_ROW : FIRST_KEY_ROW + "." + generation;
    byte[] pkcs8 = pair.getPrivate().getEncoded();
    try {
      return Tuple.tuple(List.of(name, generation, origin, Buffer.buffer(publicKey),
              Buffer.buffer(masterKey.wrapSecret(name, pkcs8))))
          .addString(transition);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  private static Future<Keys> load(Vertx vertx, MasterKey masterKey, List<StoredKey> keys) {
    StoredKey current = keys.getLast();
    List<String> transitions = keys.stream().map(StoredKey::transitionNote).filter(n -> n != null).toList();
    return vertx.executeBlocking(() -> {
      byte[] pkcs8 = masterKey.unwrapSecret(current.name(), current.wrapped());
      try {
        SignedNote signer = new SignedNote(current.origin(), SignedNote.privateKeyFromPkcs8(pkcs8), current.publicKey());
        return new Keys(signer, current.generation(), transitions);
      } finally {
        Arrays.fill(pkcs8, (byte) 0);
      }
    }, false);
  }
}
