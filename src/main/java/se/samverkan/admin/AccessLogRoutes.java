package se.samverkan.admin;

import static se.samverkan.identity.BearerAuthHandler.principal;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import se.samverkan.http.OpenApiBinder;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.shared.ProblemException;

/** Loggkontroll: the security team reads the access log per child or per user, never child content. */
public final class AccessLogRoutes {

  private final AccessPolicy policy;

  public AccessLogRoutes(AccessPolicy policy) {
    this.policy = policy;
  }

  public void bind(OpenApiBinder api) {
    api.json("queryAccessLog", ctx -> {
      UUID child = ctx.queryParams().get("child") == null ? null : UUID.fromString(ctx.queryParams().get("child"));
      String user = ctx.queryParams().get("user");
      OffsetDateTime from = time(ctx, "from");
      OffsetDateTime to = time(ctx, "to");
      int limit = ctx.queryParams().get("limit") == null ? 200 : Integer.parseInt(ctx.queryParams().get("limit"));
      return policy.securityAdmin(principal(ctx), AccessPolicy.RoleAction.ACCESS_LOG_QUERY)
          .compose(v -> policy.accessLog(child, user, from, to, limit))
          .map(entries -> new JsonObject().put("entries", entries));
    });
  }

  private static OffsetDateTime time(RoutingContext ctx, String name) {
    String raw = ctx.queryParams().get(name);
    try {
      return raw == null ? null : OffsetDateTime.parse(raw);
    } catch (DateTimeParseException e) {
      throw ProblemException.invalid(name + " måste vara en tidpunkt med tidszon (ISO 8601).");
    }
  }
}
