package se.samverkan.child;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A guardian as a professional records them (NewGuardian): name and e-mail address trimmed, the
 * phone as typed (null: none), and {@code username} the account to link (null: none yet).
 */
record GuardianAddition(String name, String email, String phone, String username) {

  GuardianAddition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
  }

  static GuardianAddition from(JsonObject body) {
    return new GuardianAddition(body.getString("name").trim(), body.getString("email").trim(), body.getString("phone"),
        body.getString("username"));
  }

  @Override
  public String toString() {
    return "GuardianAddition[***]";
  }
}
