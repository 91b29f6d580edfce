package se.samverkan.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL (io.zonky embedded binaries) on a data directory that survives restarts.
 * Listens on localhost only; local connections are trusted, as initdb of the embedded binaries sets up.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /**
   * @param durable fsync on (the dev default: a power cut must not lose committed data); tests turn
   *                it off for speed, since they only survive process kills, which the OS cache covers
   */
  public static EmbeddedPostgresServer start(Path dataDir, int port, Path logFile, boolean durable)
      throws IOException, InterruptedException {
    Files.createDirectories(dataDir);
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    StaleProcesses.stopStalePostgres(dataDir);
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setRegisterShutdownHook(false)
        .setPGStartupWait(Duration.ofSeconds(120))
        // A file, not a pipe: a postmaster that outlives a killed JVM must not die writing to a broken pipe.
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .setServerConfig("listen_addresses", "localhost")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("fsync", durable ? "on" : "off")
        .setServerConfig("full_page_writes", durable ? "on" : "off")
        .setServerConfig("max_connections", "200")
        .setServerConfig("shared_buffers", "128MB");
    if (port > 0) {
      builder.setPort(port);
    }
    EmbeddedPostgres postgres = builder.start();
    LOG.info("PostgreSQL is up on port {}", postgres.getPort());
    return new EmbeddedPostgresServer(postgres);
  }

  public int port() {
    return postgres.getPort();
  }

  /** Creates a login role and a database it owns, unless they exist. */
  public void ensureDatabase(String database, String owner, String password) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
      if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", owner)) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE ROLE " + identifier(owner) + " LOGIN PASSWORD " + literal(password));
        }
      }
      if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE " + identifier(database) + " OWNER " + identifier(owner) + " ENCODING 'UTF8'");
        }
      }
    }
  }

  /** Drops a database (tests start Keycloak on a fresh one). */
  public void dropDatabase(String database) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + identifier(database) + " WITH (FORCE)");
    }
  }

  private static boolean exists(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String identifier(String name) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("unsafe identifier: " + name);
    }
    return name;
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
