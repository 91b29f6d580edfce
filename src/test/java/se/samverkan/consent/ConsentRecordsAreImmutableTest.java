package se.samverkan.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/** Consent records, withdrawals, the access log and the sharing log refuse UPDATE, DELETE and TRUNCATE in the database itself. */
@ExtendWith(SamverkanExtension.class)
class ConsentRecordsAreImmutableTest {

  @Test
  void theDatabaseShouldRefuseToEditDeleteOrTruncateRecordsThatMustNeverChange(TestStack stack) throws Exception {
    Api api = new Api(stack);
    String child = api.registerChild("anna.bvc").getString("id");
    String consent = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "maria.polis");
    assertEquals(200, api.withdraw("anna.bvc", child, consent).status());

    try (Connection c = stack.jdbc(); Statement s = c.createStatement()) {
      for (String sql : List.of(
          "UPDATE consent SET level = 'ORAL' WHERE id = '" + consent + "'",
          "DELETE FROM consent_withdrawal WHERE consent_id = '" + consent + "'",
          "UPDATE access_log SET outcome = 'GRANTED'",
          "DELETE FROM sharing_log_entry WHERE child_id = '" + child + "'",
          "UPDATE merkle_node SET hash = hash",
          "TRUNCATE consent CASCADE",
          "TRUNCATE consent_withdrawal",
          "TRUNCATE handover",
          "TRUNCATE access_log",
          "TRUNCATE sharing_log_entry",
          "TRUNCATE merkle_node")) {
        SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(sql), sql);
        assertTrue(e.getMessage().contains("append-only"), e.getMessage());
      }
    }
    JsonObject after = api.get("anna.bvc", "/api/children/" + child + "/consents").json().getJsonArray("consents").getJsonObject(0);
    assertEquals("WRITTEN_UPDATED", after.getString("level"));
    assertEquals("WITHDRAWN", after.getString("status"));
  }
}
