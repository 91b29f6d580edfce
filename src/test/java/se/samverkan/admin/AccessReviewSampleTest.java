package se.samverkan.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The periodic review's sample can be drawn again by anyone with the seed. */
class AccessReviewSampleTest {

  static final List<Long> POPULATION = LongStream.rangeClosed(1, 1000).boxed().toList();

  @Test
  void theSameSeedShouldDrawTheSameSampleWhateverTheOrderOfThePopulation() {
    List<Long> shuffled = new ArrayList<>(POPULATION);
    Collections.shuffle(shuffled);
    assertEquals(AccessReviewSample.of(POPULATION, 50, 42), AccessReviewSample.of(shuffled, 50, 42));
  }

  @Test
  void theSampleShouldBePinnedSoThatAJdkUpgradeCannotChangeIt() {
    assertEquals(List.of(237L, 268L, 357L, 594L, 787L), AccessReviewSample.of(POPULATION, 5, 7));
  }

  @Test
  void anotherSeedShouldDrawAnotherSample() {
    assertNotEquals(AccessReviewSample.of(POPULATION, 50, 42), AccessReviewSample.of(POPULATION, 50, 43));
  }

  @Test
  void aSampleShouldHoldDistinctMembersOfThePopulationAscending() {
    List<Long> sample = AccessReviewSample.of(POPULATION, 50, 1);
    assertEquals(50, new HashSet<>(sample).size());
    assertTrue(POPULATION.containsAll(sample));
    assertEquals(sample.stream().sorted().toList(), sample);
  }

  @Test
  void aSmallPopulationShouldBeTakenWhole() {
    assertEquals(List.of(4L, 9L), AccessReviewSample.of(List.of(9L, 4L), 50, 5));
    assertEquals(List.of(), AccessReviewSample.of(List.of(), 50, 5));
  }

  @Test
  void aSeedBeyondWhatJsonCarriesExactlyShouldBeRefused() {
    assertThrows(IllegalArgumentException.class, () -> AccessReviewSample.of(POPULATION, 5, 1L << 53));
    assertThrows(IllegalArgumentException.class, () -> AccessReviewSample.of(POPULATION, 5, -1));
  }
}
