package se.samverkan.testing;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What every test dependency extension does: start its dependency once per test run (on first use),
 * hand it to tests as a parameter of its type, and close it when the run ends. One extension per
 * dependency, so a test starts only what it needs.
 */
abstract class OncePerRun<T extends AutoCloseable> implements ParameterResolver {

  private final Class<T> type;
  private final String name;
  private final Callable<T> start;

  OncePerRun(Class<T> type, String name, Callable<T> start) {
    this.type = type;
    this.name = name;
    this.start = start;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == type;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension)
      throws ParameterResolutionException {
    Started started = extension.getRoot().getStore(ExtensionContext.Namespace.create(getClass()))
        .getOrComputeIfAbsent(Started.class, k -> attempt(), Started.class);
    if (started.failure() != null) {
      // Remembered, so that one broken start does not cost every test class another attempt.
      throw new ParameterResolutionException(name + " did not start: " + started.failure().getMessage(),
          started.failure());
    }
    return type.cast(started.value());
  }

  private Started attempt() {
    try {
      return new Started(start.call(), null);
    } catch (Exception e) {
      return new Started(null, e);
    } finally {
      System.out.flush();
    }
  }

  /** The outcome of the one start attempt per run; closed by JUnit when the run ends. */
  private record Started(AutoCloseable value, Exception failure) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      if (value != null) {
        value.close();
      }
    }
  }
}
