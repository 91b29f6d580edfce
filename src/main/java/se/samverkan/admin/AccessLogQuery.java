package se.samverkan.admin;

import io.vertx.core.MultiMap;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import se.samverkan.policy.AccessLog;
import se.samverkan.policy.ActionKind;
import se.samverkan.shared.ProblemException;

/** A loggkontroll query from the parameters the contract has validated: per child and/or user, in a period. */
record AccessLogQuery(UUID child, String user, String organisation, ActionKind kind, OffsetDateTime from,
                      OffsetDateTime to, int limit) {

  static final int DEFAULT_LIMIT = 200;

  static AccessLogQuery from(MultiMap query) {
    String child = query.get("child");
    String limit = query.get("limit");
    String kind = query.get("kind");
    return new AccessLogQuery(child == null ? null : UUID.fromString(child), query.get("user"), query.get("organisation"),
        kind == null ? null : ActionKind.valueOf(kind), time(query, "from"), time(query, "to"),
        limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit));
  }

  /** The query narrowed to what the policy let the caller see (organisation: the scope, null for all). */
  AccessLog.Filter filter(String scope) {
    return new AccessLog.Filter(child, user, scope, kind, from, to, limit);
  }

  static OffsetDateTime time(MultiMap query, String name) {
    String raw = query.get(name);
    try {
      return raw == null ? null : OffsetDateTime.parse(raw);
    } catch (DateTimeParseException e) {
      throw ProblemException.invalid(name + " måste vara en tidpunkt med tidszon (ISO 8601).");
    }
  }
}
