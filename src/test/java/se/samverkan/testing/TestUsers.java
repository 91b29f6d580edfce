package se.samverkan.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import se.samverkan.embedded.RealmAdmin;

/**
 * Throwaway Keycloak users. For tests that log people out or lock them: the dev users' tokens are
 * cached and shared by every test class. And for relations across all children ("do these two share a
 * child?"): asked of a dev user they depend on what earlier test classes did, asked of a fresh user
 * only on the test itself.
 */
public final class TestUsers {

  private TestUsers() {
  }

  /** A new professional with password {@link TestStack#PASSWORD}, member of the organisation (null: none). */
  public static String create(TestStack stack, String prefix, String organisation) {
    String username = prefix + "." + Long.toString(System.nanoTime(), 36);
    try {
      RealmAdmin admin = stack.realmAdmin();
      HttpResponse<String> created = admin.send("POST", "/users", new JsonObject()
          .put("username", username).put("email", username + "@example.se").put("emailVerified", true)
          .put("firstName", "Test").put("lastName", "Person").put("enabled", true)
          .put("credentials", new JsonArray().add(new JsonObject().put("type", "password")
              .put("value", TestStack.PASSWORD).put("temporary", false)))
          .encode());
      check(created, 201, "create " + username);
      String id = admin.userId(username);
      JsonObject role = new JsonObject(admin.send("GET", "/roles/professional", null).body());
      check(admin.send("POST", "/users/" + id + "/role-mappings/realm",
          new JsonArray().add(new JsonObject().put("id", role.getString("id")).put("name", "professional")).encode()),
          204, "role of " + username);
      if (organisation != null) {
        JsonArray orgs = new JsonArray(admin.send("GET", "/organizations?first=0&max=1000", null).body());
        String orgId = orgs.stream().map(o -> (JsonObject) o).filter(o -> organisation.equals(o.getString("alias")))
            .findFirst().orElseThrow().getString("id");
        check(admin.send("POST", "/organizations/" + orgId + "/members", "\"" + id + "\""), 201, "member " + username);
      }
      return username;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The status of a password grant via the dev client (200 when the person may log in). */
  public static Http.Response passwordGrant(TestStack stack, String username) {
    return Http.send(HttpRequest.newBuilder(URI.create(stack.issuer() + "/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(TestStack.form(Map.of("grant_type", "password",
            "client_id", TestStack.DEV_CLI, "username", username, "password", TestStack.PASSWORD, "scope", "openid"))))
        .build());
  }

  /** A refresh-token grant via the dev client. */
  public static Http.Response refresh(TestStack stack, String refreshToken) {
    return Http.send(HttpRequest.newBuilder(URI.create(stack.issuer() + "/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(TestStack.form(Map.of("grant_type", "refresh_token",
            "client_id", TestStack.DEV_CLI, "refresh_token", refreshToken))))
        .build());
  }

  private static void check(HttpResponse<String> r, int status, String what) {
    if (r.statusCode() != status) {
      throw new IllegalStateException(what + ": " + r.statusCode() + " " + r.body());
    }
  }
}
