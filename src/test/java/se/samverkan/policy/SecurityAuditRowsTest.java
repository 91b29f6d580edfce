package se.samverkan.policy;

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

/** The security team's audit cannot be changed or emptied: triggers of the schema, tested without the server. */
@ExtendWith(DatabaseExtension.class)
class SecurityAuditRowsTest {

  @Test
  void securityAuditRowsShouldRefuseUpdateDeleteAndTruncate(TestDatabase db) throws Exception {
    try (Connection c = db.jdbc()) {
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO security_audit (actor_subject, actor_username, actor_organisation, action, target,"
            + " target_organisation, reason) VALUES (gen_random_uuid(), 'sec.admin', 'region-kronoberg',"
            + " 'user.logout', 'maria.polis', 'polisen', 'Förlorat kort')");
      }
      c.setAutoCommit(false);
      for (String sql : List.of(
          "UPDATE security_audit SET reason = 'ändrad'",
          "DELETE FROM security_audit",
          "TRUNCATE security_audit")) {
        SQLException refused = assertThrows(SQLException.class, () -> run(c, sql), sql);
        assertTrue(refused.getMessage().contains("security_audit is append-only"), refused.getMessage());
      }
    }
  }

  @Test
  void anAuditRowNeedsAKnownShapeOfAction(TestDatabase db) throws Exception {
    try (Connection c = db.jdbc(); Statement s = c.createStatement()) {
      assertThrows(SQLException.class, () -> s.execute("INSERT INTO security_audit (actor_subject, actor_username,"
          + " action, target) VALUES (gen_random_uuid(), 'sec.admin', 'DROP TABLE', 'x')"));
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
