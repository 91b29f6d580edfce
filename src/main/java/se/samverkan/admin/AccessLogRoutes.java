package se.samverkan.admin;

import static se.samverkan.identity.BearerAuthHandler.principal;

import se.samverkan.http.OpenApiBinder;
import se.samverkan.policy.AccessPolicy;

/** Loggkontroll: the security team reads the access log per child or per user, never child content. */
public final class AccessLogRoutes {

  private final AccessPolicy policy;

  public AccessLogRoutes(AccessPolicy policy) {
    this.policy = policy;
  }

  public void bind(OpenApiBinder api) {
    api.json("queryAccessLog", ctx -> {
      AccessLogQuery q = AccessLogQuery.from(ctx.queryParams());
      return policy.accessLogScope(principal(ctx), AccessPolicy.RoleAction.ACCESS_LOG_QUERY, q.organisation())
          .compose(scope -> policy.accessLog(q.filter(scope)))
          .map(AdminJson::accessLog);
    });
  }
}
