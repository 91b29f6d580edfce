package se.samverkan.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A device key must be a point on P-256; its fingerprint is the contract's: SHA-256, 5 bytes, mod 10^12, 4-4-4 digits. */
class DeviceKeyTest {

  static byte[] freshPoint() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    ECPublicKey pub = (ECPublicKey) g.generateKeyPair().getPublic();
    byte[] out = new byte[65];
    out[0] = 4;
    copy(pub.getW().getAffineX(), out, 1);
    copy(pub.getW().getAffineY(), out, 33);
    return out;
  }

  private static void copy(BigInteger n, byte[] out, int at) {
    byte[] b = n.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, at + 32 - len, len);
  }

  @Test
  void aPointOnTheCurveShouldBeAcceptedAndRoundTripAsBase64Url() throws Exception {
    byte[] raw = freshPoint();
    DeviceKey key = new DeviceKey(raw);
    assertEquals(87, key.base64Url().length());
    assertEquals(key, DeviceKey.fromBase64Url(key.base64Url()));
  }

  @Test
  void aPointOffTheCurveOrOfTheWrongShapeShouldBeRefused() throws Exception {
    byte[] raw = freshPoint();
    byte[] off = raw.clone();
    off[64] ^= 1;
    assertFalse(DeviceKey.isPoint(off), "y changed: not on the curve");
    byte[] compressed = Arrays.copyOf(raw, 33);
    compressed[0] = 2;
    assertFalse(DeviceKey.isPoint(compressed));
    byte[] wrongPrefix = raw.clone();
    wrongPrefix[0] = 3;
    assertFalse(DeviceKey.isPoint(wrongPrefix));
    assertFalse(DeviceKey.isPoint(new byte[65]));
    assertThrows(IllegalArgumentException.class, () -> new DeviceKey(off));
    assertThrows(IllegalArgumentException.class, () -> DeviceKey.fromBase64Url("not base64!"));
  }

  @Test
  void theFingerprintShouldBeTheFirstFiveDigestBytesModTenToTheTwelveInGroupsOfFour() throws Exception {
    byte[] raw = freshPoint();
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
    long n = 0;
    for (int i = 0; i < 5; i++) {
      n = (n << 8) | (digest[i] & 0xff);
    }
    String digits = String.format("%012d", n % 1_000_000_000_000L);
    String expected = digits.substring(0, 4) + " " + digits.substring(4, 8) + " " + digits.substring(8);
    assertEquals(expected, new DeviceKey(raw).fingerprint());
    assertTrue(expected.matches("\\d{4} \\d{4} \\d{4}"));
  }

  @Test
  void aFingerprintOfAKnownInputShouldStayTheSame() {
    // SHA-256 of 65 zero bytes starts 98 ce 42 de ef = 656 295 517 935 (below 10^12, unchanged).
    assertEquals("6562 9551 7935", DeviceKey.fingerprint(new byte[65]));
  }
}
