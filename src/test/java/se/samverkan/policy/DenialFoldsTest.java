package se.samverkan.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The folding rule of the access log's refusals, on a clock of its own. */
class DenialFoldsTest {

  private static final long SECOND = 1_000_000_000L;
  private final DenialFolds folds = new DenialFolds(Duration.ofSeconds(10));
  private final DenialFolds.Kind karin = kind("family.consents", null);

  private static DenialFolds.Kind kind(String action, UUID child) {
    return new DenialFolds.Kind(UUID.fromString("0b1a6c2e-1d8e-4a40-9a51-5c0f0a000008"), "karin.guardian", null, action, child);
  }

  @Test
  void theFirstRefusalShouldBeWrittenAtOnceAndRepeatsWithinTheWindowCounted() {
    assertEquals(1, folds.refused(karin, 0));
    for (int i = 1; i <= 999; i++) {
      assertEquals(0, folds.refused(karin, i * 1_000_000L));
    }
    assertEquals(List.of(), folds.close(9 * SECOND, false), "the window is still open");
    assertEquals(List.of(new DenialFolds.Row(karin, 999)), folds.close(10 * SECOND, false));
    assertEquals(0, folds.open());
    assertEquals(1, folds.refused(karin, 11 * SECOND), "after the window a refusal is written at once again");
  }

  @Test
  void aRefusalAfterTheWindowShouldCarryTheFoldedOnesWithIt() {
    folds.refused(karin, 0);
    folds.refused(karin, SECOND);
    folds.refused(karin, 2 * SECOND);
    assertEquals(3, folds.refused(karin, 10 * SECOND), "two folded and this one");
    assertEquals(0, folds.refused(karin, 11 * SECOND));
    assertEquals(List.of(new DenialFolds.Row(karin, 1)), folds.close(12 * SECOND, true));
  }

  @Test
  void differentKindsShouldNotFoldIntoEachOther() {
    UUID child = UUID.randomUUID();
    assertEquals(1, folds.refused(karin, 0));
    assertEquals(1, folds.refused(kind("family.sharing-log", null), 0));
    assertEquals(1, folds.refused(kind("family.consents", child), 0));
    assertEquals(0, folds.refused(kind("family.consents", child), SECOND));
    assertEquals(List.of(new DenialFolds.Row(kind("family.consents", child), 1)), folds.close(SECOND, true));
    assertEquals(0, folds.open());
  }
}
