package se.samverkan.message;

/**
 * Ends an asynchronous step of the gateway whose subscription or connection is gone meanwhile: the
 * step delivers nothing and is never reported. One shared instance, without a stack trace.
 */
final class Abandoned extends RuntimeException {

  static final Abandoned ABANDONED = new Abandoned();

  private Abandoned() {
    super("abandoned", null, false, false);
  }
}
