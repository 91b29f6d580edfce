package se.samverkan.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.DatabaseExtension;
import se.samverkan.testing.TestDatabase;

/** Needs only the database: runs on {@link DatabaseExtension}, without Keycloak or the server. */
@ExtendWith(DatabaseExtension.class)
class MigrationsTest {

  @Test
  void everyMigrationShouldHaveBeenAppliedSuccessfully(TestDatabase db) throws Exception {
    List<String> files;
    try (var dir = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
      files = dir.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
    }
    List<String> applied = new ArrayList<>();
    try (Connection c = db.jdbc(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT script, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
      while (rs.next()) {
        assertTrue(rs.getBoolean("success"), rs.getString("script") + " failed");
        applied.add(rs.getString("script"));
      }
    }
    assertEquals(files, applied.stream().sorted().toList());
  }

  @Test
  void migratingAgainShouldChangeNothing(TestDatabase db) throws Exception {
    MigrateResult result = Database.migrate(db.vertx(), db.config()).await(60, TimeUnit.SECONDS);
    assertEquals(0, result.migrationsExecuted);
    assertTrue(result.success);
  }

  @Test
  void knownUserTableShouldHaveItsColumns(TestDatabase db) throws Exception {
    List<String> columns = new ArrayList<>();
    try (Connection c = db.jdbc(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT column_name FROM information_schema.columns "
             + "WHERE table_name = 'known_user' ORDER BY ordinal_position")) {
      while (rs.next()) {
        columns.add(rs.getString(1));
      }
    }
    assertEquals(List.of("subject", "username", "first_seen_at", "last_seen_at"), columns);
  }
}
