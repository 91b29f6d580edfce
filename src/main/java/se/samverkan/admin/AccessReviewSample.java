package se.samverkan.admin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The periodic review's random sample: the same population and seed always give the same entries,
 * so another reviewer (or an auditor) can draw it again. {@link Random} is used because its
 * algorithm is fixed by the Java specification, so the sample does not change with the JDK.
 */
final class AccessReviewSample {

  /** Seeds stay within what a JSON number carries exactly (2^53 - 1). */
  static final long MAX_SEED = (1L << 53) - 1;

  private AccessReviewSample() {
  }

  /**
   * Up to {@code size} ids of the population, ascending: a partial Fisher-Yates shuffle of the ids in
   * ascending order, driven by the seed.
   */
  static List<Long> of(List<Long> population, int size, long seed) {
    if (size < 1 || seed < 0 || seed > MAX_SEED) {
      throw new IllegalArgumentException("a sample has a size of at least one and a seed in [0, 2^53)");
    }
    List<Long> ids = new ArrayList<>(population);
    Collections.sort(ids);
    Random random = new Random(seed);
    int n = Math.min(size, ids.size());
    for (int i = 0; i < n; i++) {
      Collections.swap(ids, i, i + random.nextInt(ids.size() - i));
    }
    return ids.subList(0, n).stream().sorted().toList();
  }
}
