package se.samverkan.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.samverkan.testing.Api.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/** Loggkontroll: every read of a child's data is logged; the security team reads the log, never the child. */
@ExtendWith(SamverkanExtension.class)
class AccessLogTest {

  @Test
  void readsAndRefusalsShouldBeLoggedAndQueryableByChildAndUser(TestStack stack) {
    Api api = new Api(stack);
    JsonObject created = api.registerChild("anna.bvc");
    String child = created.getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "maria.polis");
    assertEquals(200, api.get("maria.polis", "/api/children/" + child).status());
    assertEquals(404, api.get("olof.ljungby", "/api/children/" + child).status());

    JsonArray byChild = api.get("sec.admin", "/api/admin/access-log?child=" + child).json().getJsonArray("entries");
    assertTrue(byChild.stream().map(e -> (JsonObject) e).anyMatch(e -> e.getString("username").equals("maria.polis")
        && e.getString("action").equals("child.read") && e.getString("outcome").equals("GRANTED")
        && "polisen".equals(e.getString("organisation")) && "Individuellt barnteam".equals(e.getString("purpose"))), byChild.encode());
    assertTrue(byChild.stream().map(e -> (JsonObject) e).anyMatch(e -> e.getString("username").equals("olof.ljungby")
        && e.getString("outcome").equals("DENIED")), byChild.encode());
    assertFalse(byChild.encode().contains(created.getString("name")), "the access log must not show child content");

    JsonArray byUser = api.get("sec.admin", "/api/admin/access-log?user=maria.polis").json().getJsonArray("entries");
    assertTrue(byUser.stream().allMatch(e -> ((JsonObject) e).getString("username").equals("maria.polis")));
    assertTrue(byUser.size() >= 1);
  }

  @Test
  void theSecurityAdminShouldNotReadChildContent(TestStack stack) {
    Api api = new Api(stack);
    String child = api.registerChild("anna.bvc").getString("id");
    assertProblem(api.get("sec.admin", "/api/children/" + child), 403, "forbidden");
    assertProblem(api.get("sec.admin", "/api/children/" + child + "/sharing-log"), 403, "forbidden");
    assertProblem(api.get("sec.admin", "/api/children"), 403, "forbidden");
  }

  @Test
  void onlySecurityAdminsShouldQueryTheAccessLog(TestStack stack) {
    Api api = new Api(stack);
    for (String user : List.of("anna.bvc", "maria.polis", "karin.guardian")) {
      assertProblem(api.get(user, "/api/admin/access-log"), 403, "forbidden");
    }
  }
}
