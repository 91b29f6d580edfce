package se.samverkan.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM with a random 96-bit nonce and associated data. Ciphertext format, version 1:
 * {@code 0x01 ‖ nonce (12) ‖ ciphertext ‖ tag (16)}. The associated data binds a ciphertext to
 * where it belongs (child, record kind, record id): moved to another row it no longer decrypts.
 */
public final class Aead {

  static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  // Cipher.getInstance looks the provider up each time (6 % of the server's CPU under the message
  // benchmark); a Cipher is not thread-safe but may be re-initialised, which every call does first.
  private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding is not available", e);
    }
  });

  private Aead() {
  }

  public static byte[] seal(SecretKey key, byte[] plaintext, String associatedData) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      RANDOM.nextBytes(nonce);
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] ct = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(1 + NONCE_BYTES + ct.length).put(VERSION).put(nonce).put(ct).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  public static byte[] open(SecretKey key, byte[] sealed, String associatedData) {
    if (sealed == null || sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new DecryptionException("not a version 1 ciphertext");
    }
    try {
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new DecryptionException("authentication failed (wrong key, or data moved or altered)");
    }
  }

  /** A ciphertext did not authenticate: never returns partial or guessed plaintext. */
  public static final class DecryptionException extends RuntimeException {
    public DecryptionException(String message) {
      super(message);
    }
  }
}
