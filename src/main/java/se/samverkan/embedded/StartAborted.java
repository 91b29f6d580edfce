package se.samverkan.embedded;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Thrown when a start is asked to stop (SIGTERM while {@code dev} is still starting). It travels the
 * start's ordinary failure path, so whatever was started up to then is stopped again.
 */
public final class StartAborted extends CancellationException {

  public StartAborted(String during) {
    super("start aborted " + during);
  }

  /** Throws if {@code aborted} says so; called between the steps of a start and while it waits. */
  public static void check(BooleanSupplier aborted, String during) {
    if (aborted.getAsBoolean()) {
      throw new StartAborted(during);
    }
  }
}
