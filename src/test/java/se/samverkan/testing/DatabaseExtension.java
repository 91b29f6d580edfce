package se.samverkan.testing;

import java.nio.file.Path;

/**
 * The database alone, for tests of repositories, migrations and triggers: an embedded PostgreSQL
 * with every Flyway migration applied, and no Keycloak, mail or server — a start of a few seconds
 * instead of the full stack's. Started once per test run, on its own data directory, and handed to
 * tests as a {@link TestDatabase} parameter. Like the full stack, the database is shared by all
 * classes of a run: tests make their own rows (fresh ids) and never rely on a table being empty.
 */
public final class DatabaseExtension extends OncePerRun<TestDatabase> {

  public DatabaseExtension() {
    super(TestDatabase.class, "The test database", () -> TestDatabase.start(
        Path.of(System.getProperty("samverkan.test.database.dir", "target/test-database")).toAbsolutePath()));
  }
}
