package se.samverkan.sharinglog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Checkpoints in the C2SP tlog-checkpoint format, signed as a C2SP signed note with Ed25519:
 * <pre>
 * origin\n treeSize\n base64(rootHash)\n \n — keyName base64(keyHash[4] ‖ signature[64])\n
 * </pre>
 * keyHash = SHA-256(keyName ‖ 0x0A ‖ 0x01 ‖ publicKey)[0:4], the signature covers the note text.
 */
public final class SignedNote {

  private static final byte ED25519 = 0x01;
  /** X.509 SubjectPublicKeyInfo prefix of a raw 32-byte Ed25519 key. */
  private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private final String keyName;
  private final PrivateKey privateKey;
  private final byte[] publicKey;

  public SignedNote(String keyName, PrivateKey privateKey, byte[] rawPublicKey) {
    if (keyName.isEmpty() || keyName.contains(" ") || keyName.contains("+") || keyName.contains("\n")) {
      throw new IllegalArgumentException("a note key name has no spaces, '+' or newlines: " + keyName);
    }
    this.keyName = keyName;
    this.privateKey = privateKey;
    this.publicKey = rawPublicKey.clone();
  }

  public static KeyPair generate() throws GeneralSecurityException {
    return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  public static byte[] rawPublicKey(PublicKey key) {
    byte[] encoded = key.getEncoded();
    return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
  }

  public static PrivateKey privateKeyFromPkcs8(byte[] pkcs8) throws GeneralSecurityException {
    return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
  }

  public static PublicKey publicKeyFromRaw(byte[] raw) throws GeneralSecurityException {
    byte[] spki = ByteBuffer.allocate(ED25519_SPKI_PREFIX.length + 32).put(ED25519_SPKI_PREFIX).put(raw).array();
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
  }

  public String keyName() {
    return keyName;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  public static String checkpointBody(String origin, long treeSize, byte[] rootHash) {
    return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
  }

  public String sign(String noteText) {
    return signedBy(noteText, this);
  }

  /** One note with a signature line by each signer, in the order given. */
  public static String signedBy(String noteText, SignedNote... signers) {
    if (!noteText.endsWith("\n")) {
      throw new IllegalArgumentException("note text must end with a newline");
    }
    StringBuilder note = new StringBuilder(noteText).append('\n');
    for (SignedNote signer : signers) {
      note.append(signer.signatureLine(noteText));
    }
    return note.toString();
  }

  private String signatureLine(String noteText) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(privateKey);
      s.update(noteText.getBytes(StandardCharsets.UTF_8));
      byte[] signature = s.sign();
      byte[] line = ByteBuffer.allocate(4 + signature.length).put(keyHash(keyName, publicKey)).put(signature).array();
      return "\u2014 " + keyName + " " + Base64.getEncoder().encodeToString(line) + "\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /**
   * SHA-256 of the raw public key, hex in groups of four: short enough to read aloud or compare
   * on paper with what the families' browsers show.
   */
  public String fingerprint() {
    try {
      String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey));
      StringBuilder grouped = new StringBuilder();
      for (int i = 0; i < hex.length(); i += 4) {
        grouped.append(i == 0 ? "" : " ").append(hex, i, i + 4);
      }
      return grouped.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** C2SP verifier key: {@code name+hex(keyHash)+base64(0x01 ‖ publicKey)}. */
  public String verifierKey() {
    byte[] typed = ByteBuffer.allocate(33).put(ED25519).put(publicKey).array();
    return keyName + "+" + HexFormat.of().formatHex(keyHash(keyName, publicKey)) + "+" + Base64.getEncoder().encodeToString(typed);
  }

  static byte[] keyHash(String name, byte[] rawPublicKey) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(name.getBytes(StandardCharsets.UTF_8));
      d.update((byte) 0x0A);
      d.update(ED25519);
      d.update(rawPublicKey);
      return Arrays.copyOf(d.digest(), 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
