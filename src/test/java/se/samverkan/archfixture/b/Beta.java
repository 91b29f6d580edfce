package se.samverkan.archfixture.b;

import se.samverkan.archfixture.a.Alpha;
import se.samverkan.archfixture.a.AlphaRepository;

/** The other half of the fixture's cycle, and a feature using another package's repository. */
public class Beta {

  public Alpha alpha() {
    return new Alpha();
  }

  public int count() {
    return new AlphaRepository().count();
  }
}
