package se.samverkan.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

@ExtendWith(SamverkanExtension.class)
class MeTest {

  @Test
  void professionalShouldSeeNameOrganisationAndRoles(TestStack stack) {
    Http.Response r = stack.http().get("/api/me", stack.token("anna.bvc"));
    assertEquals(200, r.status(), r.toString());
    JsonObject me = r.json();
    assertEquals("anna.bvc", me.getString("username"));
    assertEquals("Anna Bergström", me.getString("name"));
    assertEquals(new JsonObject().put("alias", "region-kronoberg").put("name", "Region Kronoberg"),
        me.getJsonObject("organisation"));
    assertEquals(new JsonArray().add("professional").add("child-contact"), me.getJsonArray("roles"));
  }

  @Test
  void organisationShouldComeFromKeycloakMembership(TestStack stack) {
    assertEquals("Polismyndigheten",
        stack.http().get("/api/me", stack.token("maria.polis")).json().getJsonObject("organisation").getString("name"));
    assertEquals("Växjö kommun",
        stack.http().get("/api/me", stack.token("sara.elevhalsa")).json().getJsonObject("organisation").getString("name"));
  }

  @Test
  void guardianWithoutOrganisationShouldGetNull(TestStack stack) {
    JsonObject me = stack.http().get("/api/me", stack.token("karin.guardian")).json();
    assertTrue(me.containsKey("organisation") && me.getValue("organisation") == null, me.encode());
    assertEquals(new JsonArray().add("guardian"), me.getJsonArray("roles"));
  }

  @Test
  void securityAdminShouldHaveOnlyThatRole(TestStack stack) {
    // sec.vaxjo: sec.admin is also security-admin-all (the county's team) since issue 13.
    JsonObject me = stack.http().get("/api/me", stack.token("sec.vaxjo")).json();
    assertEquals(new JsonArray().add("security-admin"), me.getJsonArray("roles"));
  }

  @Test
  void signingInShouldBeRemembered(TestStack stack) throws Exception {
    stack.http().get("/api/me", stack.token("lars.soc"));
    try (Connection c = stack.jdbc();
         PreparedStatement ps = c.prepareStatement("SELECT subject, first_seen_at <= last_seen_at FROM known_user WHERE username = ?")) {
      ps.setString(1, "lars.soc");
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "lars.soc should be recorded");
        assertEquals("0b1a6c2e-1d8e-4a40-9a51-5c0f0a000004", rs.getString(1));
        assertTrue(rs.getBoolean(2));
      }
    }
  }
}
