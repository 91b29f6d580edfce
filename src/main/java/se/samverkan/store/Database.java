package se.samverkan.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import se.samverkan.config.AppConfig;

/** The PostgreSQL pool every repository uses, and the schema migrations that must run before it. */
public final class Database {

  private Database() {
  }

  public static Pool createPool(Vertx vertx, AppConfig.Database config) {
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setDatabase(config.name())
        .setUser(config.user())
        .setPassword(config.password())
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
    PoolOptions pool = new PoolOptions()
        .setMaxSize(config.poolSize())
        .setName("samverkan-pg")
        .setShared(false);
    return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
  }

  /** Flyway speaks JDBC and blocks, so it runs on a worker thread, never on the event loop. */
  public static Future<MigrateResult> migrate(Vertx vertx, AppConfig.Database config) {
    return vertx.executeBlocking(() -> Flyway.configure()
        .dataSource(config.jdbcUrl(), config.user(), config.password())
        .locations("classpath:db/migration")
        .validateMigrationNaming(true)
        .cleanDisabled(true)
        .load()
        .migrate(), false);
  }

  public static Future<Void> ping(Pool pool) {
    return pool.query("SELECT 1").execute().mapEmpty();
  }
}
