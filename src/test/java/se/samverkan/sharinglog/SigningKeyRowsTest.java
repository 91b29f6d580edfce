package se.samverkan.sharinglog;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.DatabaseExtension;
import se.samverkan.testing.TestDatabase;

/** The database keeps every sharing-log key row for good: a trigger of the schema, tested without the server. */
@ExtendWith(DatabaseExtension.class)
class SigningKeyRowsTest {

  @Test
  void signingKeyRowsShouldRefuseUpdateDeleteAndTruncateEvenDuringAPurge(TestDatabase db) throws Exception {
    try (Connection c = db.jdbc()) {
      // The row triggers fire only on a row: the first key, as a server writes it (kept for good, so written once per database).
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO signing_key (name, public_key, private_key_wrapped, generation, origin)"
            + " VALUES ('sharing-log', '\\x01'::bytea, '\\x02'::bytea, 1, 'test.example/sharing-log') ON CONFLICT DO NOTHING");
      }
      c.setAutoCommit(false);
      // Each attempt in its own transaction, rolled back whatever happens: the shared database keeps its key.
      for (String sql : List.of(
          "UPDATE signing_key SET public_key = public_key || '\\x00'::bytea",
          "UPDATE signing_key SET origin = 'elsewhere.example/sharing-log'",
          "DELETE FROM signing_key",
          "TRUNCATE signing_key")) {
        SQLException refused = assertThrows(SQLException.class, () -> run(c, sql), sql);
        assertTrue(refused.getMessage().contains("signing_key is append-only"), refused.getMessage());
      }
      SQLException purge = assertThrows(SQLException.class,
          () -> run(c, "SET LOCAL samverkan.purge = 'on'; DELETE FROM signing_key"));
      assertTrue(purge.getMessage().contains("append-only"), purge.getMessage());
    }
  }

  private static void run(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    } finally {
      c.rollback();
    }
  }
}
