package se.samverkan.child;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import se.samverkan.caremodel.ContactKind;

/**
 * A handover as the ChildContact asks for it: to whom, why (trimmed), and the kind of ChildContact
 * the recipient becomes (null: what the care model expects for the child now).
 */
record HandoverRequest(String toUsername, String reason, ContactKind contactKind) {

  HandoverRequest {
    Objects.requireNonNull(toUsername, "toUsername");
    Objects.requireNonNull(reason, "reason");
  }

  static HandoverRequest from(JsonObject body) {
    return new HandoverRequest(body.getString("toUsername"), body.getString("reason").trim(),
        body.getString("contactKind") == null ? null : ContactKind.valueOf(body.getString("contactKind")));
  }

  @Override
  public String toString() {
    return "HandoverRequest[***]";
  }
}
