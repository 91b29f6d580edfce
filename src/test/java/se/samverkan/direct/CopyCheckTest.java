package se.samverkan.direct;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The device-list check of a send: every active device of both parties but the sending one, and nothing else. */
class CopyCheckTest {

  private final UUID mine = UUID.randomUUID();
  private final UUID myOther = UUID.randomUUID();
  private final UUID theirs = UUID.randomUUID();
  private final UUID theirSecond = UUID.randomUUID();
  private final Set<UUID> required = Set.of(mine, myOther, theirs, theirSecond);

  @Test
  void copiesForEveryDeviceButTheSendingOneShouldFit() {
    assertTrue(CopyCheck.fits(required, mine, Set.of(myOther, theirs, theirSecond)));
  }

  @Test
  void aCopyForTheSendingDeviceItselfShouldBeAllowed() {
    assertTrue(CopyCheck.fits(required, mine, Set.of(mine, myOther, theirs, theirSecond)));
  }

  @Test
  void aMissingDeviceOfTheRecipientShouldNotFit() {
    assertFalse(CopyCheck.fits(required, mine, Set.of(myOther, theirs)));
  }

  @Test
  void aMissingOtherDeviceOfTheSenderShouldNotFit() {
    assertFalse(CopyCheck.fits(required, mine, Set.of(theirs, theirSecond)));
  }

  @Test
  void aCopyForAnUnknownDeviceShouldNotFit() {
    assertFalse(CopyCheck.fits(required, mine, Set.of(myOther, theirs, theirSecond, UUID.randomUUID())));
  }

  @Test
  void aCopyForARemovedDeviceShouldNotFit() {
    // A removed device is no longer among the active devices: a copy for it is a copy for an unknown device.
    UUID removed = theirSecond;
    Set<UUID> afterRemoval = Set.of(mine, myOther, theirs);
    assertFalse(CopyCheck.fits(afterRemoval, mine, Set.of(myOther, theirs, removed)));
    assertTrue(CopyCheck.fits(afterRemoval, mine, Set.of(myOther, theirs)));
  }
}
