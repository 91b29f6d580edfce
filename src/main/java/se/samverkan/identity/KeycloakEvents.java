package se.samverkan.identity;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keycloak's stored events for the security team, through the admin REST API as the service
 * account (role view-events), non-blocking like {@link KeycloakDirectory}: {@code GET /events}
 * (type repeated, user = a user id, dateFrom/dateTo in epoch milliseconds, first/max). Only the
 * fields the security team reads are kept; event details other than the username and the identity
 * provider (codes, redirect URIs) are dropped.
 */
public final class KeycloakEvents {

  /** The user events the security team reads (the realm stores these, see samverkan-realm.json). */
  public static final List<String> LOGIN_TYPES = List.of("LOGIN", "LOGIN_ERROR", "LOGOUT", "CODE_TO_TOKEN",
      "IDENTITY_PROVIDER_LOGIN", "REFRESH_TOKEN_ERROR");
  static final int MAX = 1000;

  private final KeycloakDirectory directory;

  public KeycloakEvents(KeycloakDirectory directory) {
    this.directory = directory;
  }

  /** Newest first, at most {@link #MAX}; every argument optional (null). */
  public Future<List<LoginEvent>> loginEvents(String userId, String type, Instant from, Instant to) {
    MultiMap query = MultiMap.caseInsensitiveMultiMap().add("max", Integer.toString(MAX));
    (type == null ? LOGIN_TYPES : List.of(type)).forEach(t -> query.add("type", t));
    if (userId != null) {
      query.add("user", userId);
    }
    if (from != null) {
      query.add("dateFrom", Long.toString(from.toEpochMilli()));
    }
    if (to != null) {
      query.add("dateTo", Long.toString(to.toEpochMilli()));
    }
    return directory.get("/events", query)
        .map(body -> body.toJsonArray().stream().map(JsonObject.class::cast).map(KeycloakEvents::loginEvent).toList());
  }

  /** The user ids of an organisation's members (its id, not its alias). */
  public Future<Set<String>> memberIds(String organisationId) {
    return directory.get("/organizations/" + organisationId + "/members",
            MultiMap.caseInsensitiveMultiMap().add("max", "100000").add("briefRepresentation", "true"))
        .map(body -> {
          Set<String> ids = new HashSet<>();
          JsonArray members = body.toJsonArray();
          members.forEach(m -> ids.add(((JsonObject) m).getString("id")));
          return ids;
        });
  }

  /** One admin event: what was done to which resource, by whom (the acting user's id). */
  public record AdminEvent(Instant time, String operationType, String resourceType, String resourcePath, String actor) {
  }

  /** Newest first, at most {@link #MAX}; representations are not stored (adminEventsDetailsEnabled false). */
  public Future<List<AdminEvent>> adminEvents(Instant from, Instant to) {
    MultiMap query = MultiMap.caseInsensitiveMultiMap().add("max", Integer.toString(MAX));
    if (from != null) {
      query.add("dateFrom", Long.toString(from.toEpochMilli()));
    }
    if (to != null) {
      query.add("dateTo", Long.toString(to.toEpochMilli()));
    }
    return directory.get("/admin-events", query).map(body -> body.toJsonArray().stream().map(JsonObject.class::cast)
        .map(e -> new AdminEvent(Instant.ofEpochMilli(e.getLong("time")), e.getString("operationType"),
            e.getString("resourceType"), e.getString("resourcePath"),
            e.getJsonObject("authDetails", new JsonObject()).getString("userId")))
        .toList());
  }

  static LoginEvent loginEvent(JsonObject e) {
    JsonObject details = e.getJsonObject("details", new JsonObject());
    return new LoginEvent(Instant.ofEpochMilli(e.getLong("time")), e.getString("type"), e.getString("userId"),
        details.getString("username"), e.getString("ipAddress"), details.getString("identity_provider"),
        e.getString("error"));
  }
}
