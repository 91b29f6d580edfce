package se.samverkan.archfixture.a;

import se.samverkan.archfixture.b.Beta;

/** Half of a deliberate package cycle: ArchitectureTest checks that its rules report it. */
public class Alpha {

  public Beta beta() {
    return new Beta();
  }
}
