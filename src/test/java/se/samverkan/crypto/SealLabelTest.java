package se.samverkan.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The labels are part of every stored ciphertext, so they are pinned to the strings data was sealed with. */
class SealLabelTest {

  @Test
  void labelsShouldKeepTheStringsStoredCiphertextsWereSealedWith() {
    assertEquals(List.of("child.name", "child.personal-number", "guardian.name", "guardian.email", "guardian.phone",
            "guardian.username", "handover.reason", "consent.given-by", "consent.persons", "consent.purpose",
            "consent.withdrawal-reason", "consent.external-persons", "meeting.title", "meeting.location",
            "meeting.video-link", "meeting.agenda", "meeting.notes", "participant.name", "participant.email",
            "message.text", "sharing-log.entry"),
        Arrays.stream(SealLabel.values()).map(SealLabel::label).toList());
  }

  @Test
  void aFieldSealedWithTheFormerStringAssociatedDataShouldOpenWithItsLabel() {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    SecretKey secret = new SecretKeySpec(raw, "AES");
    UUID child = UUID.randomUUID();
    UUID record = UUID.randomUUID();
    byte[] sealedBefore = Aead.seal(secret, "Alva Ek".getBytes(StandardCharsets.UTF_8),
        "samverkan:v1:" + child + ":meeting.video-link:" + record);

    assertEquals("Alva Ek", new DataKey(child, secret).open(SealLabel.MEETING_VIDEO_LINK, record, sealedBefore));
  }
}
