package se.samverkan.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The database alone, for tests of repositories, migrations and triggers: an embedded PostgreSQL
 * with every Flyway migration applied, and no Keycloak, mail or server — a start of a few seconds
 * instead of the full stack's. Started once per test run, on its own data directory, and handed to
 * tests as a {@link TestDatabase} parameter. Like the full stack, the database is shared by all
 * classes of a run: tests make their own rows (fresh ids) and never rely on a table being empty.
 */
public final class DatabaseExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DatabaseExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext extension)
      throws ParameterResolutionException {
    Started started = extension.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(Started.class, k -> Started.attempt(), Started.class);
    if (started.failure() != null) {
      throw new ParameterResolutionException("The test database did not start: " + started.failure().getMessage(),
          started.failure());
    }
    return started.database();
  }

  /** The outcome of the one start attempt per run; closed by JUnit when the run ends. */
  record Started(TestDatabase database, Exception failure) implements AutoCloseable {
    static Started attempt() {
      try {
        Path dir = Path.of(System.getProperty("samverkan.test.database.dir", "target/test-database")).toAbsolutePath();
        return new Started(TestDatabase.start(dir), null);
      } catch (Exception e) {
        return new Started(null, e);
      } finally {
        System.out.flush();
      }
    }

    @Override
    public void close() throws Exception {
      if (database != null) {
        database.close();
      }
    }
  }
}
