package se.samverkan.identity;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import se.samverkan.identity.KeycloakDirectory.DirectoryException;

/**
 * The security team's changes to Keycloak users through the admin REST API, as the server's service
 * account (realm-management {@code manage-users}), non-blocking like {@link KeycloakDirectory}:
 * ending every session of a user ({@code POST /users/{id}/logout}: their refresh tokens stop working),
 * enabling or disabling the account, listing the user's sessions. Ids go to Keycloak, never to logs.
 */
public final class KeycloakAdmin {

  /** One Keycloak session of a user (no token, no secret: only what the admin console shows). */
  public record Session(String id, String ipAddress, Instant start, Instant lastAccess, List<String> clients) {
    public Session {
      clients = List.copyOf(clients);
    }
  }

  private final KeycloakDirectory directory;

  public KeycloakAdmin(KeycloakDirectory directory) {
    this.directory = directory;
  }

  /** Ends every Keycloak session of the user (UserResource#logout: 204). */
  public Future<Void> logout(String userId) {
    String path = "/users/" + userId + "/logout";
    return directory.call(HttpMethod.POST, path, null).compose(r -> expect(r, 204, path));
  }

  /**
   * Enables or disables the account. The whole representation is read and written back (as the admin
   * console does), so that an update of one field cannot clear the others.
   */
  public Future<Void> setEnabled(String userId, boolean enabled) {
    String path = "/users/" + userId;
    return directory.read(path, MultiMap.caseInsensitiveMultiMap())
        .map(Buffer::toJsonObject)
        .compose(user -> directory.call(HttpMethod.PUT, path, user.put("enabled", enabled)))
        .compose(r -> expect(r, 204, path));
  }

  /** The user's sessions (UserResource#getSessions), oldest first as Keycloak lists them. */
  public Future<List<Session>> sessions(String userId) {
    return directory.read("/users/" + userId + "/sessions", MultiMap.caseInsensitiveMultiMap())
        .map(body -> {
          List<Session> out = new ArrayList<>();
          for (Object o : body.toJsonArray()) {
            out.add(session((JsonObject) o));
          }
          return out;
        });
  }

  private static Session session(JsonObject s) {
    List<String> clients = new ArrayList<>();
    JsonObject byId = s.getJsonObject("clients", new JsonObject());
    byId.forEach(e -> clients.add(e.getValue() instanceof String name && !name.isBlank() ? name : e.getKey()));
    clients.sort(null);
    return new Session(s.getString("id"), s.getString("ipAddress"), millis(s.getLong("start")),
        millis(s.getLong("lastAccess")), clients);
  }

  private static Instant millis(Long ms) {
    return ms == null ? null : Instant.ofEpochMilli(ms);
  }

  /** The aliases of the identity providers linked to the user (UserResource#getFederatedIdentity). */
  public Future<List<String>> identityProviders(String userId) {
    return directory.read("/users/" + userId + "/federated-identity", MultiMap.caseInsensitiveMultiMap())
        .map(body -> {
          List<String> out = new ArrayList<>();
          for (Object o : body.toJsonArray()) {
            out.add(((JsonObject) o).getString("identityProvider"));
          }
          return out;
        });
  }

  /**
   * Usernames matching a search (Keycloak's: username, name, e-mail), of one organisation when its
   * Keycloak id is given (OrganizationMemberResource#getMembers), else of the realm (UsersResource#getUsers);
   * service accounts are left out.
   */
  public Future<List<String>> usernames(String search, String organisationId, int max) {
    MultiMap query = MultiMap.caseInsensitiveMultiMap().add("first", "0").add("max", Integer.toString(max))
        .add("briefRepresentation", "true");
    if (search != null && !search.isBlank()) {
      query.add("search", search);
    }
    String path = organisationId == null ? "/users" : "/organizations/" + organisationId + "/members";
    return directory.read(path, query).map(body -> {
      List<String> out = new ArrayList<>();
      for (Object o : body.toJsonArray()) {
        String username = ((JsonObject) o).getString("username");
        if (username != null && !username.startsWith("service-account-")) {
          out.add(username);
        }
      }
      out.sort(null);
      return out;
    });
  }

  /**
   * When the user last logged in: the newest stored LOGIN event (RealmAdminResource#getEvents, needs
   * realm-management view-events and the realm's event storage); null when there is none or Keycloak
   * does not answer, so that a listing never fails for it.
   */
  public Future<Instant> lastLogin(String userId) {
    return directory.read("/events", MultiMap.caseInsensitiveMultiMap()
            .add("user", userId).add("type", "LOGIN").add("first", "0").add("max", "1"))
        .map(body -> {
          JsonArray events = body.toJsonArray();
          return events.isEmpty() ? null : millis(events.getJsonObject(0).getLong("time"));
        })
        .otherwise((Instant) null);
  }

  /** Grants (or revokes) one realm role (RoleMapperResource: POST / DELETE role-mappings/realm). */
  public Future<Void> realmRole(String userId, Role role, boolean grant) {
    String rolePath = "/roles/" + role.claimValue();
    String path = "/users/" + userId + "/role-mappings/realm";
    return directory.read(rolePath, MultiMap.caseInsensitiveMultiMap())
        .map(Buffer::toJsonObject)
        .compose(rep -> directory.call(grant ? HttpMethod.POST : HttpMethod.DELETE, path,
            new JsonArray().add(new JsonObject().put("id", rep.getString("id")).put("name", rep.getString("name")))))
        .compose(r -> expect(r, 204, path));
  }

  private static Future<Void> expect(HttpResponse<Buffer> response, int status, String path) {
    if (response.statusCode() == status) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(new DirectoryException(
        "Keycloak admin API answered " + response.statusCode() + " for " + KeycloakDirectory.callShape(path)));
  }
}
