package se.samverkan.direct;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Whether a message's copies fit the devices it must reach: one copy for every active device of
 * either party — the sender's own sending device excepted (it may have one, need not) — and none
 * for a device that is not among them (unknown, removed, or someone else's). A send that does not
 * fit is refused with the current list, so that no device that exists at send time ever gets a
 * message it cannot open.
 */
final class CopyCheck {

  private CopyCheck() {
  }

  /**
   * @param required the active devices of both parties now
   * @param senderDevice the device the message is sent from (one of {@code required})
   * @param copies the devices the copies are sealed to
   */
  static boolean fits(Set<UUID> required, UUID senderDevice, Set<UUID> copies) {
    Set<UUID> missing = new HashSet<>(required);
    missing.removeAll(copies);
    missing.remove(senderDevice);
    return missing.isEmpty() && required.containsAll(copies);
  }
}
