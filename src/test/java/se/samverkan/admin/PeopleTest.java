package se.samverkan.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.samverkan.testing.Api.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.Eventually;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;
import se.samverkan.testing.TestUsers;
import se.samverkan.testing.WsClient;

/**
 * The security team's people actions on the real stack: a logout ends the person's Keycloak sessions,
 * their access tokens still inside their lifetime and their open sockets; disable locks the login,
 * enable restores it; an organisation's security admin acts only on its own members; all audited.
 */
@ExtendWith(SamverkanExtension.class)
class PeopleTest {

  @Test
  void logoutShouldEndRefreshTokensSocketsWithin1sAndStillValidAccessTokens(TestStack stack) throws Exception {
    Api api = new Api(stack);
    String user = TestUsers.create(stack, "logout", "polisen");
    JsonObject grant = TestUsers.passwordGrant(stack, user).json();
    String access = grant.getString("access_token");
    String refresh = grant.getString("refresh_token");
    assertEquals(200, stack.http().get("/api/me", access).status());
    String secret = stack.realmAdmin().clientSecret("samverkan-server");

    Http.Response sessions = api.get("sec.admin", "/api/admin/users/" + user + "/sessions");
    assertEquals(200, sessions.status(), sessions.toString());
    assertFalse(sessions.json().getJsonArray("sessions").isEmpty(), sessions.toString());
    assertNoSecrets(sessions.body(), access, refresh, secret);

    // Växjö's security admin may not log out a police officer; nothing happens.
    assertProblem(api.post("sec.vaxjo", "/api/admin/users/" + user + "/logout", new JsonObject()), 403, "forbidden");
    assertEquals(200, stack.http().get("/api/me", access).status());

    try (WsClient ws = WsClient.connect(stack.baseUrl(), access)) {
      Http.Response out = api.post("sec.admin", "/api/admin/users/" + user + "/logout",
          new JsonObject().put("reason", "Förlorat tjänstekort"));
      assertEquals(204, out.status(), out.toString());
      assertEquals(4411, ws.awaitClose(Duration.ofSeconds(1)));
    }
    assertProblem(stack.http().get("/api/me", access), 401, "unauthorized");
    Http.Response refreshed = TestUsers.refresh(stack, refresh);
    assertEquals(400, refreshed.status(), refreshed.toString());

    // A new login works again (from the second after the logout on).
    Eventually.await(Duration.ofSeconds(5), () -> assertEquals(200,
        stack.http().get("/api/me", TestUsers.passwordGrant(stack, user).json().getString("access_token")).status()));

    JsonArray audit = api.get("sec.admin", "/api/admin/audit").json().getJsonArray("entries");
    assertTrue(audit.stream().map(e -> (JsonObject) e).anyMatch(e -> e.getString("target").equals(user)
        && e.getString("action").equals("user.logout") && e.getString("actor").equals("sec.admin")
        && "polisen".equals(e.getString("targetOrganisation")) && "Förlorat tjänstekort".equals(e.getString("reason"))),
        audit.encode());
    JsonArray vaxjoAudit = api.get("sec.vaxjo", "/api/admin/audit").json().getJsonArray("entries");
    assertTrue(vaxjoAudit.stream().map(e -> (JsonObject) e).noneMatch(e -> e.getString("target").equals(user)),
        "Växjö's security admin sees only the audit of Växjö's people: " + vaxjoAudit.encode());
  }

  @Test
  void disableShouldStopPasswordLoginAndEnableShouldRestoreIt(TestStack stack) throws Exception {
    Api api = new Api(stack);
    String user = TestUsers.create(stack, "disable", "vaxjo");
    assertEquals(200, TestUsers.passwordGrant(stack, user).status());

    assertProblem(api.post("sec.vaxjo", "/api/admin/users/" + user + "/disable", new JsonObject()), 400, "invalid-request");
    Http.Response disabled = api.post("sec.vaxjo", "/api/admin/users/" + user + "/disable",
        new JsonObject().put("reason", "Slutat sin anställning"));
    assertEquals(204, disabled.status(), disabled.toString());
    assertFalse(TestUsers.passwordGrant(stack, user).status() == 200, "a disabled account cannot log in");
    JsonObject listed = person(api, "sec.vaxjo", user);
    assertFalse(listed.getBoolean("enabled"), listed.encode());

    Http.Response enabled = api.post("sec.vaxjo", "/api/admin/users/" + user + "/enable", null);
    assertEquals(204, enabled.status(), enabled.toString());
    Eventually.await(Duration.ofSeconds(5), () -> assertEquals(200, TestUsers.passwordGrant(stack, user).status()));
    assertTrue(person(api, "sec.vaxjo", user).getBoolean("enabled"));

    JsonArray audit = api.get("sec.vaxjo", "/api/admin/audit").json().getJsonArray("entries");
    assertTrue(audit.stream().map(e -> (JsonObject) e).anyMatch(e -> e.getString("target").equals(user)
        && e.getString("action").equals("user.disable") && "Slutat sin anställning".equals(e.getString("reason"))
        && "sec.vaxjo".equals(e.getString("actor")) && "vaxjo".equals(e.getString("actorOrganisation"))), audit.encode());
    assertTrue(audit.stream().map(e -> (JsonObject) e).anyMatch(e -> e.getString("target").equals(user)
        && e.getString("action").equals("user.enable")), audit.encode());
  }

  @Test
  void anOrganisationsSecurityAdminShouldNotSeeLogOutOrDisableAnotherOrganisationsPeople(TestStack stack) {
    Api api = new Api(stack);
    assertProblem(api.get("sec.vaxjo", "/api/admin/users?organisation=region-kronoberg"), 403, "forbidden");
    assertProblem(api.get("sec.vaxjo", "/api/admin/users/anna.bvc/sessions"), 403, "forbidden");
    assertProblem(api.post("sec.vaxjo", "/api/admin/users/anna.bvc/logout", new JsonObject()), 403, "forbidden");
    assertProblem(api.post("sec.vaxjo", "/api/admin/users/anna.bvc/disable",
        new JsonObject().put("reason", "Försök")), 403, "forbidden");
    assertProblem(stack.http().send("PUT", "/api/admin/users/anna.bvc/roles/child-contact",
        Map.of("Authorization", "Bearer " + stack.token("sec.vaxjo")), null), 403, "forbidden");

    JsonArray own = api.get("sec.vaxjo", "/api/admin/users").json().getJsonArray("users");
    assertTrue(own.stream().map(u -> (JsonObject) u).anyMatch(u -> u.getString("username").equals("erik.rektor")), own.encode());
    assertTrue(own.stream().map(u -> (JsonObject) u).allMatch(u -> "vaxjo".equals(u.getString("organisation"))), own.encode());

    JsonArray kronoberg = api.get("sec.admin", "/api/admin/users?organisation=region-kronoberg").json().getJsonArray("users");
    JsonObject anna = kronoberg.stream().map(u -> (JsonObject) u).filter(u -> u.getString("username").equals("anna.bvc"))
        .findFirst().orElseThrow(() -> new AssertionError(kronoberg.encode()));
    assertTrue(anna.getBoolean("enabled"));
    assertTrue(anna.getJsonArray("roles").contains("child-contact"), anna.encode());
    assertEquals(200, api.get("sec.admin", "/api/admin/users/anna.bvc/sessions").status());
  }

  @Test
  void onlyTheCountysTeamShouldGrantSecurityAdminAndAnOrganisationsAdminGrantsChildContact(TestStack stack) throws Exception {
    Api api = new Api(stack);
    String user = TestUsers.create(stack, "roles", "vaxjo");
    String path = "/api/admin/users/" + user + "/roles/";
    assertTrue(person(api, "sec.vaxjo", user).getValue("lastLogin") == null, "never logged in");
    assertEquals(200, TestUsers.passwordGrant(stack, user).status());
    Eventually.await(Duration.ofSeconds(10), () -> assertTrue(person(api, "sec.vaxjo", user).getValue("lastLogin") instanceof String,
        "the last login is the newest LOGIN event"));
    assertEquals(204, put(stack, "sec.vaxjo", path + "child-contact").status());
    Eventually.await(Duration.ofSeconds(5), () -> assertTrue(
        person(api, "sec.vaxjo", user).getJsonArray("roles").contains("child-contact")));
    assertProblem(put(stack, "sec.vaxjo", path + "security-admin"), 403, "forbidden");
    assertEquals(204, put(stack, "sec.admin", path + "security-admin").status());
    assertTrue(person(api, "sec.admin", user).getJsonArray("roles").contains("security-admin"));
    assertEquals(204, api.delete("sec.admin", path + "security-admin").status());
    assertEquals(204, api.delete("sec.vaxjo", path + "child-contact").status());
    JsonArray roles = person(api, "sec.admin", user).getJsonArray("roles");
    assertFalse(roles.contains("security-admin") || roles.contains("child-contact"), roles.encode());
    assertProblem(put(stack, "sec.admin", path + "guardian"), 400, "invalid-request");

    JsonArray audit = api.get("sec.admin", "/api/admin/audit").json().getJsonArray("entries");
    assertEquals(4, audit.stream().map(e -> (JsonObject) e).filter(e -> e.getString("target").equals(user)).count(),
        audit.encode());
  }

  private static Http.Response put(TestStack stack, String as, String path) {
    return stack.http().send("PUT", path, Map.of("Authorization", "Bearer " + stack.token(as)), null);
  }

  private static JsonObject person(Api api, String as, String username) {
    Http.Response r = api.get(as, "/api/admin/users?search=" + username);
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonArray("users").stream().map(u -> (JsonObject) u)
        .filter(u -> u.getString("username").equals(username)).findFirst()
        .orElseThrow(() -> new AssertionError(username + " not listed: " + r));
  }

  private static void assertNoSecrets(String body, String... secrets) {
    for (String s : secrets) {
      assertFalse(body.contains(s), "a response must carry no token or client secret");
    }
  }
}
