package se.samverkan.testing;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import se.samverkan.config.AppConfig;
import se.samverkan.embedded.EmbeddedPostgresServer;
import se.samverkan.embedded.StaleProcesses;
import se.samverkan.store.Database;

/**
 * A migrated PostgreSQL for repository tests: the server's own pool ({@link Database#createPool})
 * and migrations ({@link Database#migrate}), so the schema is the one the server runs on. Started
 * once per test run by {@link DatabaseExtension}.
 */
public final class TestDatabase implements AutoCloseable {

  private static final String NAME = "samverkan";
  private static final String USER = "samverkan";
  private static final String PASSWORD = "samverkan-test";

  private final EmbeddedPostgresServer postgres;
  private final AppConfig.Database config;
  private final Vertx vertx;
  private final Pool pool;

  private TestDatabase(EmbeddedPostgresServer postgres, AppConfig.Database config, Vertx vertx, Pool pool) {
    this.postgres = postgres;
    this.config = config;
    this.vertx = vertx;
    this.pool = pool;
  }

  static TestDatabase start(Path dir) throws Exception {
    Path data = dir.resolve("postgres");
    // A killed earlier run may have left its PostgreSQL behind on this directory.
    StaleProcesses.stopStalePostgres(data);
    SamverkanExtension.deleteRecursively(dir);
    // Not durable: a test database needs to survive no power cut.
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(data, 0, dir.resolve("postgres.log"), false);
    Vertx vertx = Vertx.vertx();
    try {
      postgres.ensureDatabase(NAME, USER, PASSWORD);
      AppConfig.Database config = new AppConfig.Database("localhost", postgres.port(), NAME, USER, PASSWORD, 8);
      Database.migrate(vertx, config).await(2, TimeUnit.MINUTES);
      return new TestDatabase(postgres, config, vertx, Database.createPool(vertx, config));
    } catch (Exception e) {
      vertx.close().await(30, TimeUnit.SECONDS);
      postgres.close();
      throw e;
    }
  }

  public AppConfig.Database config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The pool repositories are built on, as the server builds them. */
  public Pool pool() {
    return pool;
  }

  /** A JDBC connection, for setting up rows and for assertions on what is stored. */
  public Connection jdbc() throws SQLException {
    return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
  }

  @Override
  public void close() throws Exception {
    try {
      pool.close().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
    } finally {
      postgres.close();
    }
  }
}
