package se.samverkan.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import se.samverkan.identity.KeycloakEvents;
import se.samverkan.identity.LoginEvent;
import se.samverkan.policy.AccessLog;

/** The security team's schemas of the contract (the access-log entries, ServerStatus), keys written once. */
final class AdminJson {

  private AdminJson() {
  }

  static JsonObject accessLog(List<AccessLog.Entry> entries) {
    return new JsonObject().put("entries", new JsonArray(entries.stream().map(AdminJson::entry).toList()));
  }

  /**
   * AccessLogEntry: organisation, childId and purpose are written as null when the row has none; kind
   * is null only for rows written before it was logged, unit until HSA units are known.
   */
  static JsonObject entry(AccessLog.Entry e) {
    return new JsonObject()
        .put("id", e.id())
        .put("at", e.at().toString())
        .put("username", e.username())
        .put("organisation", e.organisation())
        .put("action", e.action())
        .put("childId", e.childId() == null ? null : e.childId().toString())
        .put("purpose", e.purpose())
        .put("outcome", e.outcome().name())
        .put("count", e.count())
        .put("kind", e.kind() == null ? null : e.kind().name())
        .put("unit", e.unit());
  }

  /** AccessReview: the seed and period to draw the same sample again, each entry with its flags and newest mark. */
  static JsonObject accessReview(AccessReviewService.Sample sample) {
    return new JsonObject()
        .put("seed", sample.seed())
        .put("period", new JsonObject().put("from", sample.from().toInstant().toString())
            .put("to", sample.to().toInstant().toString()))
        .put("entries", new JsonArray(sample.entries().stream().map(r -> entry(r.entry())
            .put("flags", new JsonArray(r.flags().stream().map(Enum::name).toList()))
            .put("review", r.review() == null ? null : review(r.review()))).toList()));
  }

  static JsonObject review(AccessReviews.Review r) {
    return new JsonObject()
        .put("entryId", r.entryId())
        .put("verdict", r.verdict().name())
        .put("note", r.note())
        .put("by", r.by())
        .put("at", r.at().toString());
  }

  /** LoginEvents: the events, newest first, and the failed-login bursts among them. */
  static JsonObject loginEvents(List<LoginEvent> events, List<LoginEventBursts.Burst> bursts) {
    return new JsonObject()
        .put("events", new JsonArray(events.stream().map(e -> new JsonObject()
            .put("time", e.time().toString())
            .put("type", e.type())
            .put("username", e.username())
            .put("ipAddress", e.ipAddress())
            .put("identityProvider", e.identityProvider())
            .put("error", e.error())).toList()))
        .put("flags", new JsonArray(bursts.stream().map(b -> new JsonObject()
            .put("kind", "failed-login-burst")
            .put(b.by() == LoginEventBursts.By.USERNAME ? "username" : "identityProvider", b.subject())
            .put("count", b.count())
            .put("from", b.from().toString())
            .put("to", b.to().toString())).toList()));
  }

  /** AdminEvents: newest first; the actor is the acting user's id. */
  static JsonObject adminEvents(List<KeycloakEvents.AdminEvent> events) {
    return new JsonObject().put("events", new JsonArray(events.stream().map(e -> new JsonObject()
        .put("time", e.time().toString())
        .put("operationType", e.operationType())
        .put("resourceType", e.resourceType())
        .put("resourcePath", e.resourcePath())
        .put("actor", e.actor())).toList()));
  }

  static JsonObject serverStatus(ServerStatus status) {
    return new JsonObject()
        .put("heapUsedBytes", status.heapUsedBytes())
        .put("heapUsedAfterLastGcBytes", status.heapUsedAfterLastGcBytes())
        .put("heapMaxBytes", status.heapMaxBytes())
        .put("webSocketConnections", status.webSocketConnections());
  }
}
