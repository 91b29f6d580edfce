package se.samverkan.meeting;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import se.samverkan.crypto.Aead;

/**
 * The personal RSVP links of participants without an account: {@code base64url(AES-GCM(payload))}
 * with a server key ({@link Aead}: version ‖ nonce ‖ ciphertext ‖ tag), payload = participant id ‖
 * meeting id ‖ expiry. Whoever sees the URL (a forwarded mail, a proxy log) learns nothing from it —
 * not which meeting, not which participant, not when it ends; the tag makes it unforgeable, bound to
 * one participant of one meeting, expiring, and refused if a single bit is changed. That the
 * participant still has a basis is checked on every use, not here.
 */
public final class RsvpTokens {

  private static final int PAYLOAD = 16 + 16 + 8;
  /** Binds a sealed payload to this use of the key. */
  private static final String ASSOCIATED_DATA = "samverkan:rsvp-link:v2";

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

  private final SecretKey key;
  private final Clock clock;

  /** @param key 32 bytes (AES-256) */
  public RsvpTokens(byte[] key, Clock clock) {
    if (key.length != 32) {
      throw new IllegalArgumentException("an RSVP link key is 32 bytes");
    }
    this.key = new SecretKeySpec(key, "AES");
    this.clock = clock;
  }

  public String issue(UUID participantId, UUID meetingId, Instant expiresAt) {
    ByteBuffer payload = ByteBuffer.allocate(PAYLOAD)
        .putLong(participantId.getMostSignificantBits()).putLong(participantId.getLeastSignificantBits())
        .putLong(meetingId.getMostSignificantBits()).putLong(meetingId.getLeastSignificantBits())
        .putLong(expiresAt.getEpochSecond());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Aead.seal(key, payload.array(), ASSOCIATED_DATA));
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
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(raw).equals(token)) {
      throw new RefusedException(Refusal.INVALID);
    }
    byte[] payload;
    try {
      payload = Aead.open(key, raw, ASSOCIATED_DATA);
    } catch (Aead.DecryptionException e) {
      throw new RefusedException(Refusal.INVALID);
    }
    if (payload.length != PAYLOAD) {
      throw new RefusedException(Refusal.INVALID);
    }
    ByteBuffer b = ByteBuffer.wrap(payload);
    UUID participant = new UUID(b.getLong(), b.getLong());
    UUID meeting = new UUID(b.getLong(), b.getLong());
    Instant expires = Instant.ofEpochSecond(b.getLong());
    if (!clock.instant().isBefore(expires)) {
      throw new RefusedException(Refusal.EXPIRED);
    }
    return new Claims(participant, meeting, expires);
  }
}
