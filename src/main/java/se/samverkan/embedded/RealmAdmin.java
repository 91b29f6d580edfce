package se.samverkan.embedded;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Setup-time administration of the realm through Keycloak's admin REST API, as an admin of the
 * master realm: applying the dev/test-only additions (users with known passwords, the
 * password-grant client, organisation memberships — kept apart from the production realm file so
 * that a production import has no known passwords), allowing the web client at a server URL, and
 * reading the generated secret of the server's client. Idempotent: existing users and clients are
 * kept, so ids stay stable across restarts.
 *
 * <p>Runs in the dev launcher, the setup command and the test harness before any event loop
 * exists, so it uses the JDK's blocking HTTP client. The server itself never holds admin rights.
 */
public final class RealmAdmin {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String keycloakUrl;
  private final String realm;
  private final String adminUser;
  private final String adminPassword;
  private String adminToken;
  private long adminTokenExpiresAtNanos;

  public RealmAdmin(String keycloakUrl, String realm, String adminUser, String adminPassword) {
    this.keycloakUrl = keycloakUrl;
    this.realm = realm;
    this.adminUser = adminUser;
    this.adminPassword = adminPassword;
  }

  /**
   * @param devJson the partial import (users, clients) plus {@code organizationMembers}:
   *                {@code {"<org alias>": ["username", …]}}, which partialImport cannot express
   */
  public void applyDevAdditions(String devJson) throws IOException, InterruptedException {
    JsonObject dev = new JsonObject(devJson);
    JsonObject partial = dev.copy();
    partial.remove("organizationMembers");
    partial.remove("_comment");
    partial.put("ifResourceExists", "SKIP");
    expect(send("POST", "/partialImport", partial.encode()), 200, "partial import of the dev realm");

    Map<String, String> orgIds = organisationIdsByAlias();
    JsonObject members = dev.getJsonObject("organizationMembers", new JsonObject());
    for (String alias : members.fieldNames()) {
      String orgId = orgIds.get(alias);
      if (orgId == null) {
        throw new IOException("The realm has no organisation " + alias + " (keycloak-realm/samverkan-realm.json)");
      }
      Set<String> existing = new LinkedHashSet<>();
      for (Object m : new JsonArray(expect(send("GET", "/organizations/" + orgId + "/members?first=0&max=1000", null),
          200, "organisation members"))) {
        existing.add(((JsonObject) m).getString("id"));
      }
      for (Object username : members.getJsonArray(alias)) {
        String userId = userId((String) username);
        if (!existing.contains(userId)) {
          HttpResponse<String> r = send("POST", "/organizations/" + orgId + "/members", "\"" + userId + "\"");
          if (r.statusCode() != 201 && r.statusCode() != 204 && r.statusCode() != 409) {
            throw new IOException("Adding " + username + " to " + alias + " failed: " + r.statusCode() + " " + r.body());
          }
        }
      }
    }
  }

  /** Lets the public web client redirect back to a server on this URL (tests use random ports). */
  public void allowWebClientAt(String clientId, URI serverUrl) throws IOException, InterruptedException {
    JsonObject client = client(clientId);
    String origin = serverUrl.toString().replaceAll("/$", "");
    JsonArray redirects = client.getJsonArray("redirectUris", new JsonArray());
    JsonArray origins = client.getJsonArray("webOrigins", new JsonArray());
    boolean changed = false;
    if (!redirects.contains(origin + "/*")) {
      redirects.add(origin + "/*");
      changed = true;
    }
    if (!origins.contains(origin) && !origins.contains("+")) {
      origins.add(origin);
      changed = true;
    }
    JsonObject attributes = client.getJsonObject("attributes", new JsonObject());
    String logout = attributes.getString("post.logout.redirect.uris", "");
    if (!("##" + logout + "##").contains("##" + origin + "/*##")) {
      attributes.put("post.logout.redirect.uris", logout.isEmpty() ? origin + "/*" : logout + "##" + origin + "/*");
      changed = true;
    }
    if (changed) {
      client.put("redirectUris", redirects).put("webOrigins", origins).put("attributes", attributes);
      expect(send("PUT", "/clients/" + client.getString("id"), client.encode()), 204, "updating " + clientId);
    }
  }

  /** The secret Keycloak generated for a confidential client. */
  public String clientSecret(String clientId) throws IOException, InterruptedException {
    JsonObject client = client(clientId);
    JsonObject secret = new JsonObject(expect(send("GET", "/clients/" + client.getString("id") + "/client-secret", null),
        200, "client secret of " + clientId));
    return secret.getString("value");
  }

  public String userId(String username) throws IOException, InterruptedException {
    JsonArray users = new JsonArray(expect(send("GET", "/users?exact=true&username="
        + URLEncoder.encode(username, StandardCharsets.UTF_8), null), 200, "user lookup"));
    for (Object u : users) {
      if (username.equals(((JsonObject) u).getString("username"))) {
        return ((JsonObject) u).getString("id");
      }
    }
    throw new IOException("No user " + username + " in realm " + realm);
  }

  public JsonObject client(String clientId) throws IOException, InterruptedException {
    JsonArray clients = new JsonArray(expect(send("GET", "/clients?clientId="
        + URLEncoder.encode(clientId, StandardCharsets.UTF_8), null), 200, "client lookup"));
    if (clients.isEmpty()) {
      throw new IOException("No client " + clientId + " in realm " + realm);
    }
    return clients.getJsonObject(0);
  }

  private Map<String, String> organisationIdsByAlias() throws IOException, InterruptedException {
    Map<String, String> ids = new LinkedHashMap<>();
    for (Object o : new JsonArray(expect(send("GET", "/organizations?first=0&max=1000", null), 200, "organisations"))) {
      JsonObject org = (JsonObject) o;
      ids.put(org.getString("alias"), org.getString("id"));
    }
    return ids;
  }

  /** username → organisation alias, from the dev file (for the dev launcher's login table). */
  public static Map<String, String> organisationOfUser(JsonObject dev) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonObject members = dev.getJsonObject("organizationMembers", new JsonObject());
    for (String alias : members.fieldNames()) {
      for (Object u : members.getJsonArray(alias)) {
        out.put((String) u, alias);
      }
    }
    return out;
  }

  /** A request to the realm's admin API ({@code path} relative to /admin/realms/{realm}). */
  public HttpResponse<String> send(String method, String path, String jsonBody) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(keycloakUrl + "/admin/realms/" + realm + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + adminToken())
        .header("Accept", "application/json");
    if (jsonBody != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private synchronized String adminToken() throws IOException, InterruptedException {
    if (adminToken != null && System.nanoTime() < adminTokenExpiresAtNanos) {
      return adminToken;
    }
    String form = "grant_type=password&client_id=admin-cli&username="
        + URLEncoder.encode(adminUser, StandardCharsets.UTF_8) + "&password="
        + URLEncoder.encode(adminPassword, StandardCharsets.UTF_8);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create(keycloakUrl + "/realms/master/protocol/openid-connect/token"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    JsonObject json = new JsonObject(expect(r, 200, "admin login to Keycloak"));
    adminToken = json.getString("access_token");
    adminTokenExpiresAtNanos = System.nanoTime() + Duration.ofSeconds(json.getLong("expires_in", 60L) - 10).toNanos();
    return adminToken;
  }

  private static String expect(HttpResponse<String> r, int status, String what) throws IOException {
    if (r.statusCode() != status) {
      throw new IOException(what + " failed: HTTP " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }
}
