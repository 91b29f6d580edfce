package se.samverkan.direct;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A device's public key: the 65-byte uncompressed P-256 point (0x04 || x || y), which must be a
 * point on the curve (HPKE's DHKEM(P-256) would otherwise be fed an invalid-curve point), and its
 * fingerprint: SHA-256 over the 65 bytes, the first 5 bytes as an unsigned big-endian number mod
 * 10^12, as three groups of four digits ("0123 4567 8901").
 */
public record DeviceKey(byte[] raw) {

  public static final int LENGTH = 65;
  private static final ECCurve P256 = ECNamedCurveTable.getByName("P-256").getCurve();
  private static final BigInteger TEN_TO_TWELVE = BigInteger.TEN.pow(12);

  public DeviceKey {
    raw = raw.clone();
    if (!isPoint(raw)) {
      throw new IllegalArgumentException("not an uncompressed P-256 point");
    }
  }

  /** The key as the API writes it (base64url without padding); refused with IllegalArgumentException if not a point. */
  public static DeviceKey fromBase64Url(String text) {
    return new DeviceKey(Base64.getUrlDecoder().decode(text));
  }

  public static boolean isPoint(byte[] raw) {
    if (raw == null || raw.length != LENGTH || raw[0] != 0x04) {
      return false;
    }
    try {
      ECPoint point = P256.decodePoint(raw);
      return point.isValid() && !point.isInfinity();
    } catch (IllegalArgumentException | ArithmeticException e) {
      return false;
    }
  }

  @Override
  public byte[] raw() {
    return raw.clone();
  }

  public String base64Url() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  public String fingerprint() {
    return fingerprint(raw);
  }

  static String fingerprint(byte[] raw) {
    byte[] digest = sha256(raw);
    long number = new BigInteger(1, Arrays.copyOf(digest, 5)).mod(TEN_TO_TWELVE).longValueExact();
    String digits = String.format("%012d", number);
    return digits.substring(0, 4) + " " + digits.substring(4, 8) + " " + digits.substring(8);
  }

  private static byte[] sha256(byte[] raw) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(raw);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceKey k && Arrays.equals(raw, k.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "DeviceKey[" + fingerprint() + "]";
  }
}
