package se.samverkan.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;

/**
 * The HPKE suite of direct messages (RFC 9180, the wire format every client shares): base mode,
 * DHKEM(P-256, HKDF-SHA256) 0x0010, HKDF-SHA256 0x0001, AES-128-GCM 0x0001, info
 * {@value #INFO}, aad {@code <conversationId>|<clientId>|<senderDeviceId>}. A public key and an
 * {@code enc} are 65-byte uncompressed P-256 points, carried as base64url without padding.
 *
 * <p>The server never seals or opens: this is for the clients the server side runs itself (the
 * benchmark, the tests) and for checking a registered public key. Bouncy Castle's {@link HPKE}
 * keeps state (its KEM's key generator, its HKDF), so every call uses its own instance.
 */
public final class DirectHpke {

  /** The {@code info} of every direct message, as UTF-8. */
  public static final String INFO = "samverkan-direct-v1";
  /** Length of an uncompressed P-256 point: a public key and an {@code enc}. */
  public static final int POINT_LENGTH = 65;
  /** AES-GCM's tag: the shortest ciphertext (of an empty plaintext). */
  static final int TAG_LENGTH = 16;

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

  private DirectHpke() {
  }

  /** A device's key pair; its {@link #toString()} never shows the private key. */
  public static final class KeyPair {
    private final AsymmetricCipherKeyPair pair;
    private final byte[] publicKey;

    private KeyPair(AsymmetricCipherKeyPair pair) {
      this.pair = pair;
      this.publicKey = suite().serializePublicKey(pair.getPublic());
    }

    /** The 65-byte uncompressed point (a copy). */
    public byte[] publicKey() {
      return publicKey.clone();
    }

    public String publicKeyBase64url() {
      return base64url(publicKey);
    }

    AsymmetricCipherKeyPair pair() {
      return pair;
    }

    @Override
    public String toString() {
      return "DirectHpke.KeyPair[publicKey=" + publicKeyBase64url() + "]";
    }
  }

  /** One sealed copy: the encapsulated key (65 bytes) and the AEAD ciphertext with its tag. */
  public record Sealed(byte[] enc, byte[] ciphertext) {
    public Sealed {
      Objects.requireNonNull(enc, "enc");
      Objects.requireNonNull(ciphertext, "ciphertext");
      if (enc.length != POINT_LENGTH) {
        throw new IllegalArgumentException("enc must be " + POINT_LENGTH + " bytes, not " + enc.length);
      }
      if (ciphertext.length < TAG_LENGTH) {
        throw new IllegalArgumentException("ciphertext shorter than its " + TAG_LENGTH + "-byte tag");
      }
      enc = enc.clone();
      ciphertext = ciphertext.clone();
    }

    @Override
    public byte[] enc() {
      return enc.clone();
    }

    @Override
    public byte[] ciphertext() {
      return ciphertext.clone();
    }

    public String encBase64url() {
      return base64url(enc);
    }

    public String ciphertextBase64url() {
      return base64url(ciphertext);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Sealed other && Arrays.equals(enc, other.enc) && Arrays.equals(ciphertext, other.ciphertext);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(enc) + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
      return "DirectHpke.Sealed[enc=" + enc.length + " bytes, ciphertext=" + ciphertext.length + " bytes]";
    }
  }

  /** Why sealing or opening failed: a closed set, so that callers can tell a bad key from a forged copy. */
  public enum FailureReason {
    /** Not a 65-byte uncompressed point on P-256 (or not base64url). */
    INVALID_PUBLIC_KEY,
    /** The {@code enc} is not a valid point. */
    INVALID_ENC,
    /** Wrong key, wrong aad or an altered ciphertext: the AEAD tag does not match. */
    AUTHENTICATION_FAILED
  }

  /** Sealing or opening failed; the message never contains key material or plaintext. */
  public static final class HpkeException extends RuntimeException {
    private final FailureReason reason;

    HpkeException(FailureReason reason, String message, Throwable cause) {
      super(message, cause);
      this.reason = reason;
    }

    public FailureReason reason() {
      return reason;
    }
  }

  /** The contract's suite; a new instance each time (see the class comment). */
  static HPKE suite() {
    return new HPKE(HPKE.mode_base, HPKE.kem_P256_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
  }

  public static KeyPair generateKeyPair() {
    return new KeyPair(suite().generatePrivateKey());
  }

  /** RFC 9180 DeriveKeyPair: the same {@code ikm} gives the same pair (for test vectors; never for a device). */
  static KeyPair deriveKeyPair(byte[] ikm) {
    return new KeyPair(suite().deriveKeyPair(ikm));
  }

  /** Whether {@code publicKey} is a 65-byte uncompressed point on P-256 (what a device may register). */
  public static boolean isValidPublicKey(byte[] publicKey) {
    try {
      publicKeyParameter(publicKey);
      return true;
    } catch (HpkeException e) {
      return false;
    }
  }

  /** {@code <conversationId>|<clientId>|<senderDeviceId>} as UTF-8; ids as the server returns them. */
  public static byte[] aad(String conversationId, String clientId, String senderDeviceId) {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(senderDeviceId, "senderDeviceId");
    return (conversationId + "|" + clientId + "|" + senderDeviceId).getBytes(StandardCharsets.UTF_8);
  }

  /** Seals {@code plaintext} to one device, with a fresh ephemeral key. */
  public static Sealed seal(byte[] recipientPublicKey, byte[] aad, byte[] plaintext) {
    return seal(recipientPublicKey, INFO.getBytes(StandardCharsets.UTF_8), aad, plaintext, null);
  }

  /** As {@link #seal(byte[], byte[], byte[])} with another info and, for test vectors, a given ephemeral key. */
  static Sealed seal(byte[] recipientPublicKey, byte[] info, byte[] aad, byte[] plaintext, KeyPair ephemeral) {
    Objects.requireNonNull(aad, "aad");
    Objects.requireNonNull(plaintext, "plaintext");
    HPKE hpke = suite();
    AsymmetricKeyParameter recipient = publicKeyParameter(recipientPublicKey);
    HPKEContextWithEncapsulation context = ephemeral == null
        ? hpke.setupBaseS(recipient, info)
        : hpke.setupBaseS(recipient, info, ephemeral.pair());
    try {
      return new Sealed(context.getEncapsulation(), context.seal(aad, plaintext));
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("AES-GCM sealing failed", e);
    }
  }

  /** Opens a copy sealed to {@code recipient}; fails with {@link HpkeException} on any mismatch. */
  public static byte[] open(KeyPair recipient, byte[] enc, byte[] aad, byte[] ciphertext) {
    return open(recipient, INFO.getBytes(StandardCharsets.UTF_8), enc, aad, ciphertext);
  }

  static byte[] open(KeyPair recipient, byte[] info, byte[] enc, byte[] aad, byte[] ciphertext) {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(aad, "aad");
    Objects.requireNonNull(ciphertext, "ciphertext");
    if (enc == null || !isValidPublicKey(enc)) {
      throw new HpkeException(FailureReason.INVALID_ENC, "enc is not a 65-byte uncompressed P-256 point", null);
    }
    if (ciphertext.length < TAG_LENGTH) {
      throw new HpkeException(FailureReason.AUTHENTICATION_FAILED, "ciphertext shorter than its tag", null);
    }
    try {
      return suite().setupBaseR(enc, recipient.pair(), info).open(aad, ciphertext);
    } catch (InvalidCipherTextException e) {
      throw new HpkeException(FailureReason.AUTHENTICATION_FAILED,
          "HPKE open failed: wrong key, wrong aad or an altered ciphertext", e);
    }
  }

  public static String base64url(byte[] bytes) {
    return BASE64URL.encodeToString(bytes);
  }

  /** Decodes base64url without padding (padding is tolerated); IllegalArgumentException when not base64url. */
  public static byte[] fromBase64url(String text) {
    Objects.requireNonNull(text, "text");
    return BASE64URL_DECODER.decode(text);
  }

  private static AsymmetricKeyParameter publicKeyParameter(byte[] publicKey) {
    if (publicKey == null || publicKey.length != POINT_LENGTH || publicKey[0] != 0x04) {
      throw new HpkeException(FailureReason.INVALID_PUBLIC_KEY,
          "public key must be a " + POINT_LENGTH + "-byte uncompressed P-256 point", null);
    }
    try {
      return suite().deserializePublicKey(publicKey);
    } catch (IllegalArgumentException e) {
      throw new HpkeException(FailureReason.INVALID_PUBLIC_KEY, "public key is not a point on P-256", e);
    }
  }
}
