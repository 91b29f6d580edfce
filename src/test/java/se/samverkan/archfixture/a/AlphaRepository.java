package se.samverkan.archfixture.a;

/** A repository that another fixture package reaches into, which the rules must report. */
public class AlphaRepository {

  public int count() {
    return 0;
  }
}
