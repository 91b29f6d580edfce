package se.samverkan.admin;

import static se.samverkan.identity.BearerAuthHandler.principal;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import se.samverkan.http.OpenApiBinder;
import se.samverkan.http.Requests;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.SecurityAudit;

/** People, sessions, logout, disable, roles and the security team's own audit (issue 13 points 2, 5, 7). */
public final class PeopleRoutes {

  private static final int MAX_AUDIT_ROWS = 1000;

  private final PeopleService people;
  private final AccessPolicy policy;
  private final SecurityAudit audit;

  public PeopleRoutes(PeopleService people, AccessPolicy policy, SecurityAudit audit) {
    this.people = people;
    this.policy = policy;
    this.audit = audit;
  }

  public void bind(OpenApiBinder api) {
    api.json("listAdminUsers", ctx -> people.users(principal(ctx), ctx.queryParams().get("search"),
        ctx.queryParams().get("organisation")).map(PeopleJson::users));
    api.json("listUserSessions", ctx -> people.sessions(principal(ctx), username(ctx)).map(PeopleJson::sessions));
    api.noContent("logoutUser", ctx -> people.logout(principal(ctx), username(ctx),
        PeopleRequest.Reason.optional(ctx.body() == null ? null : ctx.body().asJsonObject()).text()));
    api.noContent("disableUser", ctx -> people.disable(principal(ctx), username(ctx),
        PeopleRequest.Reason.required(Requests.body(ctx)).text()));
    api.noContent("enableUser", ctx -> people.enable(principal(ctx), username(ctx)));
    api.noContent("grantUserRole", ctx -> people.role(principal(ctx), username(ctx),
        PeopleRequest.grantable(ctx.pathParam("role")), true));
    api.noContent("revokeUserRole", ctx -> people.role(principal(ctx), username(ctx),
        PeopleRequest.grantable(ctx.pathParam("role")), false));
    api.json("querySecurityAudit", this::auditEntries);
  }

  private Future<?> auditEntries(RoutingContext ctx) {
    Instant from = instant(ctx.queryParams().get("from"));
    Instant to = instant(ctx.queryParams().get("to"));
    return policy.adminListing(principal(ctx), null)
        .compose(organisation -> audit.entries(organisation, from, to, MAX_AUDIT_ROWS))
        .map(PeopleJson::audit);
  }

  private static String username(RoutingContext ctx) {
    return ctx.pathParam("username");
  }

  private static Instant instant(String value) {
    return value == null ? null : java.time.OffsetDateTime.parse(value).toInstant();
  }
}
