package se.samverkan.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RsvpTokensTest {

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final Instant NOW = Instant.parse("2027-03-01T12:00:00Z");
  private final RsvpTokens tokens = new RsvpTokens(new byte[32], Clock.fixed(NOW, ZoneOffset.UTC));
  private final UUID participant = UUID.fromString("6f1c1a8e-3a6b-4f0e-9a4b-1d2c3e4f5a6b");
  private final UUID meeting = UUID.fromString("0b7e0f6c-1111-4c2d-8e9f-a1b2c3d4e5f6");

  @Test
  void aTokenShouldCarryItsParticipantMeetingAndExpiry() {
    Instant expiry = NOW.plusSeconds(3600);
    RsvpTokens.Claims claims = tokens.verify(tokens.issue(participant, meeting, expiry));
    assertEquals(new RsvpTokens.Claims(participant, meeting, expiry), claims);
  }

  /** The bytes of a UUID as a token would carry them in clear. */
  private static byte[] bytes(UUID id) {
    return java.nio.ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Test
  void aTokenShouldRevealNeitherItsParticipantNorItsMeetingNorItsExpiry() {
    Instant expiry = NOW.plusSeconds(3600);
    String token = tokens.issue(participant, meeting, expiry);
    byte[] raw = java.util.Base64.getUrlDecoder().decode(token);
    assertFalse(contains(raw, bytes(participant)), "the participant id is readable");
    assertFalse(contains(raw, bytes(meeting)), "the meeting id is readable");
    assertFalse(contains(raw, java.nio.ByteBuffer.allocate(8).putLong(expiry.getEpochSecond()).array()), "the expiry is readable");
    assertFalse(token.contains(participant.toString()) || token.contains(meeting.toString()));
    assertNotEquals(token, tokens.issue(participant, meeting, expiry), "two links to the same answer look unrelated");
  }

  @Test
  void everySingleCharacterChangeShouldBeRefused() {
    String token = tokens.issue(participant, meeting, NOW.plusSeconds(3600));
    for (int i = 0; i < token.length(); i++) {
      for (char c : ALPHABET.toCharArray()) {
        if (c == token.charAt(i)) {
          continue;
        }
        String changed = token.substring(0, i) + c + token.substring(i + 1);
        RsvpTokens.RefusedException e = assertThrows(RsvpTokens.RefusedException.class, () -> tokens.verify(changed),
            "accepted with position " + i + " changed to " + c);
        assertEquals(RsvpTokens.Refusal.INVALID, e.refusal());
      }
    }
  }

  @Test
  void anExpiredTokenShouldBeRefusedAsExpiredAndAForeignKeysTokenAsInvalid() {
    String expired = tokens.issue(participant, meeting, NOW.minusSeconds(1));
    assertEquals(RsvpTokens.Refusal.EXPIRED, assertThrows(RsvpTokens.RefusedException.class, () -> tokens.verify(expired)).refusal());
    byte[] otherKey = new byte[32];
    otherKey[0] = 1;
    String foreign = new RsvpTokens(otherKey, Clock.fixed(NOW, ZoneOffset.UTC)).issue(participant, meeting, NOW.plusSeconds(60));
    assertEquals(RsvpTokens.Refusal.INVALID, assertThrows(RsvpTokens.RefusedException.class, () -> tokens.verify(foreign)).refusal());
    assertEquals(RsvpTokens.Refusal.INVALID, assertThrows(RsvpTokens.RefusedException.class, () -> tokens.verify("not*base64")).refusal());
  }
}
