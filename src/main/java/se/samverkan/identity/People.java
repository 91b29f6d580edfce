package se.samverkan.identity;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** How people and organisations appear in API answers: {@code {username, name, organisation: {alias, name} | null}}. */
public final class People {

  private People() {
  }

  public static JsonObject organisation(String alias, Map<String, Organisation> known) {
    if (alias == null) {
      return null;
    }
    Organisation org = known.get(alias);
    return new JsonObject().put("alias", alias).put("name", org == null ? alias : org.name());
  }

  public static JsonObject person(String username, String name, String organisationAlias, Map<String, Organisation> known) {
    return new JsonObject()
        .put("username", username)
        .put("name", name == null ? username : name)
        .put("organisation", organisation(organisationAlias, known));
  }
}
