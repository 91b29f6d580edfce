package se.samverkan.crypto;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * One child's data key. Every field is sealed with associated data naming the child, the kind of
 * record and the record's id, so a ciphertext copied to another child or row does not decrypt.
 */
public final class DataKey {

  private final UUID childId;
  private final SecretKey key;

  public DataKey(UUID childId, SecretKey key) {
    this.childId = childId;
    this.key = key;
  }

  public UUID childId() {
    return childId;
  }

  public byte[] seal(SealLabel kind, Object recordId, String plaintext) {
    return plaintext == null ? null
        : Aead.seal(key, plaintext.getBytes(StandardCharsets.UTF_8), associatedData(kind, recordId));
  }

  public String open(SealLabel kind, Object recordId, byte[] sealed) {
    return sealed == null ? null
        : new String(Aead.open(key, sealed, associatedData(kind, recordId)), StandardCharsets.UTF_8);
  }

  private String associatedData(SealLabel kind, Object recordId) {
    return "samverkan:v1:" + childId + ":" + kind.label() + ":" + recordId;
  }

  @Override
  public String toString() {
    return "DataKey[" + childId + "]";
  }
}
