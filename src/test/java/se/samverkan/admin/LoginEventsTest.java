package se.samverkan.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.samverkan.testing.Api.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.Eventually;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/** Who logged in from where: Keycloak's login events through our API, failed-login bursts flagged, scoped. */
@ExtendWith(SamverkanExtension.class)
class LoginEventsTest {

  static final String SARA = "0b1a6c2e-1d8e-4a40-9a51-5c0f0a000003";

  static JsonObject events(Api api, String admin, String query) {
    return api.get(admin, "/api/admin/login-events?" + query).json();
  }

  static boolean has(JsonArray events, String type, String username) {
    return events.stream().map(JsonObject.class::cast)
        .anyMatch(e -> type.equals(e.getString("type")) && username.equals(e.getString("username")));
  }

  @Test
  void aLoginShouldShowAsALoginEventOfThatUser(TestStack stack) throws Exception {
    Api api = new Api(stack);
    String since = Instant.now().minusSeconds(1).toString();
    stack.passwordGrant(stack.issuer(), TestStack.DEV_CLI, "lars.soc", "samverkan");
    Eventually.await(Duration.ofSeconds(10), () -> assertTrue(has(
        events(api, "sec.admin", "user=lars.soc&type=LOGIN&from=" + since).getJsonArray("events"), "LOGIN", "lars.soc")));
    JsonArray all = events(api, "sec.admin", "from=" + since).getJsonArray("events");
    assertFalse(all.encode().contains("access_token") || all.encode().contains("code_id"), all.encode());
  }

  @Test
  void fiveWrongPasswordsShouldBeFlaggedAsABurst(TestStack stack) throws Exception {
    Api api = new Api(stack);
    String since = Instant.now().minusSeconds(1).toString();
    try {
      for (int i = 0; i < 5; i++) {
        assertThrows(IllegalStateException.class,
            () -> stack.passwordGrant(stack.issuer(), TestStack.DEV_CLI, "sara.elevhalsa", "fel-lösenord"));
      }
    } finally {
      // Quick failures lock the account for a while (brute-force protection); other tests need sara.
      assertEquals(204, stack.realmAdmin().send("DELETE", "/attack-detection/brute-force/users/" + SARA, null).statusCode());
    }
    Eventually.await(Duration.ofSeconds(10), () -> {
      JsonArray flags = events(api, "sec.admin", "user=sara.elevhalsa&from=" + since).getJsonArray("flags");
      assertTrue(flags.stream().map(JsonObject.class::cast).anyMatch(f -> "failed-login-burst".equals(f.getString("kind"))
          && "sara.elevhalsa".equals(f.getString("username")) && f.getInteger("count") >= 5), flags.encode());
    });
    // Five is the threshold: Växjö's own security admin sees the burst of a Växjö member too.
    JsonObject vaxjo = events(api, "sec.vaxjo", "user=sara.elevhalsa&from=" + since);
    assertEquals(1, vaxjo.getJsonArray("flags").size(), vaxjo.encode());
    stack.passwordGrant(stack.issuer(), TestStack.DEV_CLI, "sara.elevhalsa", "samverkan");
  }

  @Test
  void vaxjosSecurityAdminShouldSeeOnlyVaxjosMembersEvents(TestStack stack) throws Exception {
    Api api = new Api(stack);
    String since = Instant.now().minusSeconds(1).toString();
    stack.passwordGrant(stack.issuer(), TestStack.DEV_CLI, "anna.bvc", "samverkan");
    stack.passwordGrant(stack.issuer(), TestStack.DEV_CLI, "erik.rektor", "samverkan");
    Eventually.await(Duration.ofSeconds(10), () -> assertTrue(has(
        events(api, "sec.admin", "type=LOGIN&from=" + since).getJsonArray("events"), "LOGIN", "anna.bvc")));
    JsonArray vaxjo = events(api, "sec.vaxjo", "type=LOGIN&from=" + since).getJsonArray("events");
    assertTrue(has(vaxjo, "LOGIN", "erik.rektor"), vaxjo.encode());
    assertFalse(has(vaxjo, "LOGIN", "anna.bvc"), vaxjo.encode());
    assertTrue(events(api, "sec.vaxjo", "user=anna.bvc&from=" + since).getJsonArray("events").isEmpty());
    assertProblem(api.get("erik.rektor", "/api/admin/login-events"), 403, "forbidden");
  }

  @Test
  void onlyTheCountysTeamShouldSeeTheRealmsAdminEvents(TestStack stack) throws Exception {
    Api api = new Api(stack);
    String since = Instant.now().minusSeconds(1).toString();
    stack.addPasswordGrantClient("admin-events-probe-" + System.nanoTime());
    Eventually.await(Duration.ofSeconds(10), () -> {
      JsonArray events = api.get("sec.admin", "/api/admin/admin-events?from=" + since).json().getJsonArray("events");
      assertTrue(events.stream().map(JsonObject.class::cast).anyMatch(e -> "CREATE".equals(e.getString("operationType"))
          && "CLIENT".equals(e.getString("resourceType"))), events.encode());
    });
    assertProblem(api.get("sec.vaxjo", "/api/admin/admin-events"), 403, "forbidden");
  }
}
