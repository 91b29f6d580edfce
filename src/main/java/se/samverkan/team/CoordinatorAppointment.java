package se.samverkan.team;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** The team member to appoint SupportCoordinator (UsernameRef). */
record CoordinatorAppointment(String username) {

  CoordinatorAppointment {
    Objects.requireNonNull(username, "username");
  }

  static CoordinatorAppointment from(JsonObject body) {
    return new CoordinatorAppointment(body.getString("username"));
  }
}
