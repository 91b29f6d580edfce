package se.samverkan.team;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** A professional to add to the child's team (UsernameRef), as Keycloak will be asked about them. */
record MemberAddition(String username) {

  MemberAddition {
    Objects.requireNonNull(username, "username");
  }

  static MemberAddition from(JsonObject body) {
    return new MemberAddition(body.getString("username"));
  }
}
