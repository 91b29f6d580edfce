package se.samverkan.consent;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** A withdrawal as asked for: the reason the guardians (or the child) gave, trimmed. */
record WithdrawalRequest(String reason) {

  WithdrawalRequest {
    Objects.requireNonNull(reason, "reason");
  }

  static WithdrawalRequest from(JsonObject body) {
    return new WithdrawalRequest(body.getString("reason").trim());
  }
}
