package se.samverkan.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import se.samverkan.embedded.RealmAdmin;

/**
 * Professionals who exist only in the test that made them. The dev users are shared by every test
 * class of a run, so a relation across all children ("do these two share a child?") asked of them
 * depends on what earlier classes did; asked of a fresh user it depends only on the test itself.
 */
public final class FreshUsers {

  private FreshUsers() {
  }

  /** A new Keycloak user with role professional, a member of {@code organisation}, password {@link TestStack#PASSWORD}. */
  public static String professional(TestStack stack, String organisation) throws Exception {
    String username = "prov-" + UUID.randomUUID().toString().substring(0, 8);
    RealmAdmin admin = stack.realmAdmin();
    JsonObject user = new JsonObject().put("username", username).put("email", username + "@" + organisation + ".se")
        .put("emailVerified", true).put("firstName", "Prov").put("lastName", "Person").put("enabled", true)
        .put("credentials", new JsonArray().add(new JsonObject().put("type", "password").put("value", TestStack.PASSWORD)
            .put("temporary", false)));
    assertEquals(201, admin.send("POST", "/users", user.encode()).statusCode(), "creating " + username);
    String id = admin.userId(username);
    String role = admin.send("GET", "/roles/professional", null).body();
    assertEquals(204, admin.send("POST", "/users/" + id + "/role-mappings/realm", "[" + role + "]").statusCode());
    assertEquals(201, admin.send("POST", "/organizations/" + organisationId(admin, organisation) + "/members",
        "\"" + id + "\"").statusCode(), "joining " + organisation);
    return username;
  }

  private static String organisationId(RealmAdmin admin, String alias) throws Exception {
    for (Object o : new JsonArray(admin.send("GET", "/organizations?first=0&max=1000", null).body())) {
      if (alias.equals(((JsonObject) o).getString("alias"))) {
        return ((JsonObject) o).getString("id");
      }
    }
    throw new IllegalArgumentException("no organisation " + alias);
  }
}
