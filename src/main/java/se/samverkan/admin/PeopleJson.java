package se.samverkan.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import se.samverkan.identity.KeycloakAdmin;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.Role;
import se.samverkan.policy.SecurityAudit;

/** The people, sessions and audit schemas of the contract, keys written once. No token or secret is ever written. */
final class PeopleJson {

  private PeopleJson() {
  }

  static JsonObject users(List<PeopleService.Person> people) {
    return new JsonObject().put("users", new JsonArray(people.stream().map(PeopleJson::user).toList()));
  }

  /** lastLogin is the newest LOGIN event Keycloak keeps (null: none stored, or events not readable). */
  private static JsonObject user(PeopleService.Person p) {
    var u = p.user();
    return new JsonObject()
        .put("username", u.username())
        .put("name", u.name())
        .put("email", u.email())
        .put("organisation", u.organisation().map(Organisation::alias).orElse(null))
        .put("roles", new JsonArray(u.roles().stream().sorted(Comparator.naturalOrder()).map(Role::claimValue).toList()))
        .put("enabled", u.enabled())
        .put("lastLogin", time(p.lastLogin()))
        .put("identityProvider", p.identityProviders().isEmpty() ? null : p.identityProviders().get(0));
  }

  static JsonObject sessions(List<KeycloakAdmin.Session> sessions) {
    return new JsonObject().put("sessions", new JsonArray(sessions.stream().map(s -> new JsonObject()
        .put("id", s.id())
        .put("ipAddress", s.ipAddress())
        .put("start", time(s.start()))
        .put("lastAccess", time(s.lastAccess()))
        .put("clients", new JsonArray(s.clients()))).toList()));
  }

  static JsonObject audit(List<SecurityAudit.Entry> entries) {
    return new JsonObject().put("entries", new JsonArray(entries.stream().map(e -> new JsonObject()
        .put("at", e.at().toString())
        .put("actor", e.actor())
        .put("actorOrganisation", e.actorOrganisation())
        .put("action", e.action().logName())
        .put("target", e.target())
        .put("targetOrganisation", e.targetOrganisation())
        .put("reason", e.reason())).toList()));
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
