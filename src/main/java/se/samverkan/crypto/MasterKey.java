package se.samverkan.crypto;

import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wraps and unwraps the per-child data keys (and the log's signing key). This implementation holds
 * the key in memory from {@link MasterKeyFile}; an HSM or KMS would implement the same two
 * operations remotely, which is why callers treat unwrapping as potentially blocking.
 */
public final class MasterKey {

  private final SecretKey key;

  public MasterKey(SecretKey key) {
    this.key = key;
  }

  public byte[] wrapChildKey(UUID childId, byte[] dataKey) {
    return Aead.seal(key, dataKey, "samverkan:child-key:v1:" + childId);
  }

  public SecretKey unwrapChildKey(UUID childId, byte[] wrapped) {
    return new SecretKeySpec(Aead.open(key, wrapped, "samverkan:child-key:v1:" + childId), "AES");
  }

  /**
   * A key for one purpose (e.g. signing RSVP links), derived from the master key with
   * HMAC-SHA256 — nothing to store, and it changes when the master key does.
   */
  public byte[] deriveKey(String purpose) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(key.getEncoded(), "HmacSHA256"));
      return mac.doFinal(("samverkan:derived:v1:" + purpose).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] wrapSecret(String name, byte[] secret) {
    return Aead.seal(key, secret, "samverkan:secret:v1:" + name);
  }

  public byte[] unwrapSecret(String name, byte[] wrapped) {
    return Aead.open(key, wrapped, "samverkan:secret:v1:" + name);
  }
}
