package se.samverkan.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
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

  static JsonObject serverStatus(ServerStatus status) {
    return new JsonObject()
        .put("heapUsedBytes", status.heapUsedBytes())
        .put("heapUsedAfterLastGcBytes", status.heapUsedAfterLastGcBytes())
        .put("heapMaxBytes", status.heapMaxBytes())
        .put("webSocketConnections", status.webSocketConnections());
  }
}
