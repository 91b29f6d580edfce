package se.samverkan.child;

import java.util.UUID;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.SealLabel;

/**
 * A guardian's row. The account name is sealed ({@code usernameSealed}); {@code legacyUsername} is
 * the clear column that rows written before migration V5 used.
 */
public record GuardianRow(UUID id, UUID childId, byte[] nameSealed, byte[] emailSealed, byte[] phoneSealed,
                          UUID userSubject, byte[] usernameSealed, String legacyUsername) {

  /** The linked account's username (null: none); rows from before migration V5 keep it in clear. */
  public String accountUsername(DataKey key) {
    return usernameSealed != null ? key.open(SealLabel.GUARDIAN_USERNAME, id, usernameSealed) : legacyUsername;
  }
}
