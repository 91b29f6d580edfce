package se.samverkan.meeting;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The personal RSVP links of participants without an account: {@code base64url(payload ‖ HMAC)},
 * payload = version ‖ participant id ‖ meeting id ‖ expiry. Unguessable, bound to one participant
 * of one meeting, expiring, and refused if a single bit is changed.
 */
public final class RsvpTokens {

  private static final byte VERSION = 1;
  private static final int PAYLOAD = 1 + 16 + 16 + 8;
  private static final int MAC = 32;

  public record Claims(UUID participantId, UUID meetingId, Instant expiresAt) {
  }

  /** Why a token was refused: a forged or damaged one looks the same as an unknown one. */
  public enum Refusal { INVALID, EXPIRED }

  public static final class RefusedException extends RuntimeException {
    private final Refusal refusal;

    RefusedException(Refusal refusal) {
      super(refusal.name(), null, false, false);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  private final SecretKeySpec key;
  private final Clock clock;

  public RsvpTokens(byte[] key, Clock clock) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.clock = clock;
  }

  public String issue(UUID participantId, UUID meetingId, Instant expiresAt) {
    ByteBuffer payload = ByteBuffer.allocate(PAYLOAD + MAC)
        .put(VERSION)
        .putLong(participantId.getMostSignificantBits()).putLong(participantId.getLeastSignificantBits())
        .putLong(meetingId.getMostSignificantBits()).putLong(meetingId.getLeastSignificantBits())
        .putLong(expiresAt.getEpochSecond());
    payload.put(mac(payload.array(), PAYLOAD));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(payload.array());
  }

  public Claims verify(String token) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw new RefusedException(Refusal.INVALID);
    }
    // The last character carries unused bits the decoder ignores; only the one canonical spelling
    // of a token is accepted, so no changed link works.
    if (raw.length != PAYLOAD + MAC || raw[0] != VERSION
        || !Base64.getUrlEncoder().withoutPadding().encodeToString(raw).equals(token)) {
      throw new RefusedException(Refusal.INVALID);
    }
    byte[] expected = mac(raw, PAYLOAD);
    byte[] given = java.util.Arrays.copyOfRange(raw, PAYLOAD, PAYLOAD + MAC);
    if (!MessageDigest.isEqual(expected, given)) {
      throw new RefusedException(Refusal.INVALID);
    }
    ByteBuffer b = ByteBuffer.wrap(raw, 1, PAYLOAD - 1);
    UUID participant = new UUID(b.getLong(), b.getLong());
    UUID meeting = new UUID(b.getLong(), b.getLong());
    Instant expires = Instant.ofEpochSecond(b.getLong());
    if (!clock.instant().isBefore(expires)) {
      throw new RefusedException(Refusal.EXPIRED);
    }
    return new Claims(participant, meeting, expires);
  }

  private byte[] mac(byte[] data, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(data, 0, length);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
