package se.samverkan.sharinglog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.KeyPair;
import java.util.Arrays;
import se.samverkan.crypto.MasterKey;

/**
 * The sharing log's Ed25519 signing key: created on first start, stored with its private half
 * wrapped by the master key, and the same on every node and after every restart.
 */
public final class LogSigner {

  private static final String KEY_ROW = "sharing-log";

  private LogSigner() {
  }

  public static Future<SignedNote> loadOrCreate(Vertx vertx, Pool pool, MasterKey masterKey, String keyName) {
    return vertx.executeBlocking(() -> {
          KeyPair pair = SignedNote.generate();
          byte[] pkcs8 = pair.getPrivate().getEncoded();
          byte[] wrapped = masterKey.wrapSecret(KEY_ROW, pkcs8);
          Arrays.fill(pkcs8, (byte) 0);
          return Tuple.of(KEY_ROW, Buffer.buffer(SignedNote.rawPublicKey(pair.getPublic())), Buffer.buffer(wrapped));
        }, false)
        // A concurrent first start of another node may win; everybody then uses the stored key.
        .compose(candidate -> pool.preparedQuery(
                "INSERT INTO signing_key (name, public_key, private_key_wrapped) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING")
            .execute(candidate))
        .compose(v -> pool.preparedQuery("SELECT public_key, private_key_wrapped FROM signing_key WHERE name = $1")
            .execute(Tuple.of(KEY_ROW)))
        .compose(rows -> {
          Row row = rows.iterator().next();
          byte[] publicKey = row.getBuffer("public_key").getBytes();
          byte[] wrapped = row.getBuffer("private_key_wrapped").getBytes();
          return vertx.executeBlocking(() -> {
            byte[] pkcs8 = masterKey.unwrapSecret(KEY_ROW, wrapped);
            try {
              return new SignedNote(keyName, SignedNote.privateKeyFromPkcs8(pkcs8), publicKey);
            } finally {
              Arrays.fill(pkcs8, (byte) 0);
            }
          }, false);
        });
  }
}
