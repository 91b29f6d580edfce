package se.samverkan.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing binds every ciphertext to its child, record kind and record id, under keys wrapped by the master key. */
class CryptoTest {

  private static SecretKey randomKey() {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    return new SecretKeySpec(raw, "AES");
  }

  @Test
  void aSealedFieldShouldOpenOnlyWhereItBelongs() {
    UUID child = UUID.randomUUID();
    UUID record = UUID.randomUUID();
    SecretKey raw = randomKey();
    DataKey key = new DataKey(child, raw);
    byte[] sealed = key.seal(SealLabel.CHILD_NAME, record, "Alva Ek");

    assertEquals("Alva Ek", key.open(SealLabel.CHILD_NAME, record, sealed));
    assertThrows(Aead.DecryptionException.class, () -> key.open(SealLabel.GUARDIAN_NAME, record, sealed), "another kind of record");
    assertThrows(Aead.DecryptionException.class, () -> key.open(SealLabel.CHILD_NAME, UUID.randomUUID(), sealed), "another row");
    assertThrows(Aead.DecryptionException.class, () -> new DataKey(UUID.randomUUID(), raw).open(SealLabel.CHILD_NAME, record, sealed),
        "another child, even under the same key bytes");
    assertThrows(Aead.DecryptionException.class, () -> new DataKey(child, randomKey()).open(SealLabel.CHILD_NAME, record, sealed),
        "another key");
  }

  @Test
  void everySealShouldUseAFreshNonceAndCarryNoPlaintext() {
    DataKey key = new DataKey(UUID.randomUUID(), randomKey());
    UUID record = UUID.randomUUID();
    byte[] a = key.seal(SealLabel.MESSAGE_TEXT, record, "Samma text");
    byte[] b = key.seal(SealLabel.MESSAGE_TEXT, record, "Samma text");
    assertFalse(Arrays.equals(a, b), "same plaintext, different ciphertexts");
    assertNotEquals(Arrays.toString(Arrays.copyOfRange(a, 1, 13)), Arrays.toString(Arrays.copyOfRange(b, 1, 13)), "nonces differ");
    assertEquals(Aead.VERSION, a[0]);
    assertEquals(1 + 12 + "Samma text".getBytes(StandardCharsets.UTF_8).length + 16, a.length);
    assertFalse(new String(a, StandardCharsets.ISO_8859_1).contains("Samma"));
  }

  @Test
  void anAlteredOrTruncatedCiphertextShouldNeverOpen() {
    DataKey key = new DataKey(UUID.randomUUID(), randomKey());
    UUID record = UUID.randomUUID();
    byte[] sealed = key.seal(SealLabel.CHILD_NAME, record, "Alva Ek");
    for (int i = 0; i < sealed.length; i++) {
      byte[] altered = sealed.clone();
      altered[i] ^= 0x01;
      int at = i;
      assertThrows(Aead.DecryptionException.class, () -> key.open(SealLabel.CHILD_NAME, record, altered), "byte " + at);
    }
    assertThrows(Aead.DecryptionException.class, () -> key.open(SealLabel.CHILD_NAME, record, Arrays.copyOf(sealed, sealed.length - 1)));
    assertThrows(Aead.DecryptionException.class, () -> key.open(SealLabel.CHILD_NAME, record, new byte[5]));
  }

  @Test
  void aThreadsCipherShouldKeepWorkingAfterAFailedOpenAndAcrossKeys() {
    // Each thread reuses one Cipher: a failed authentication or a switch of key must not leave it
    // in a state that breaks, or leaks into, the next operation.
    DataKey first = new DataKey(UUID.randomUUID(), randomKey());
    DataKey second = new DataKey(UUID.randomUUID(), randomKey());
    UUID record = UUID.randomUUID();
    byte[] sealed = first.seal(SealLabel.MESSAGE_TEXT, record, "Hej");
    byte[] altered = sealed.clone();
    altered[altered.length - 1] ^= 0x01;
    assertThrows(Aead.DecryptionException.class, () -> first.open(SealLabel.MESSAGE_TEXT, record, altered));
    assertEquals("Hej", first.open(SealLabel.MESSAGE_TEXT, record, sealed));
    byte[] other = second.seal(SealLabel.MESSAGE_TEXT, record, "Då");
    assertEquals("Då", second.open(SealLabel.MESSAGE_TEXT, record, other));
    assertThrows(Aead.DecryptionException.class, () -> first.open(SealLabel.MESSAGE_TEXT, record, other), "still bound to its key");
    assertEquals("Hej", first.open(SealLabel.MESSAGE_TEXT, record, sealed));
  }

  @Test
  void aWrappedChildKeyShouldUnwrapOnlyForItsChildUnderTheSameMasterKey() {
    MasterKey master = new MasterKey(randomKey());
    UUID child = UUID.randomUUID();
    byte[] dataKey = new byte[32];
    new SecureRandom().nextBytes(dataKey);
    byte[] wrapped = master.wrapChildKey(child, dataKey);

    assertArrayEquals(dataKey, master.unwrapChildKey(child, wrapped).getEncoded());
    assertThrows(Aead.DecryptionException.class, () -> master.unwrapChildKey(UUID.randomUUID(), wrapped));
    assertThrows(Aead.DecryptionException.class, () -> new MasterKey(randomKey()).unwrapChildKey(child, wrapped));
    assertNotEquals(Arrays.toString(master.deriveKey("rsvp")), Arrays.toString(master.deriveKey("other")));
    assertArrayEquals(master.deriveKey("rsvp"), master.deriveKey("rsvp"), "derived keys are stable");
  }

  @Test
  void aNewMasterKeyFileShouldBeReadableOnlyByItsOwnerAndLoadBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys/master.key");
    MasterKeyFile.createIfMissing(file);
    assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(file));
    SecretKey first = MasterKeyFile.load(file);
    assertEquals(32, first.getEncoded().length);
    MasterKeyFile.createIfMissing(file);
    assertArrayEquals(first.getEncoded(), MasterKeyFile.load(file).getEncoded(), "an existing key is never replaced");

    Path shortKey = dir.resolve("short.key");
    Files.writeString(shortKey, java.util.Base64.getEncoder().encodeToString(new byte[16]));
    assertTrue(assertThrows(java.io.IOException.class, () -> MasterKeyFile.load(shortKey)).getMessage().contains("32 bytes"));
    Path garbage = dir.resolve("garbage.key");
    Files.writeString(garbage, "not base64 !!!");
    assertThrows(java.io.IOException.class, () -> MasterKeyFile.load(garbage));
  }
}
