package se.samverkan.admin;

import static se.samverkan.identity.BearerAuthHandler.principal;

import io.vertx.sqlclient.Pool;
import se.samverkan.http.OpenApiBinder;
import se.samverkan.policy.AccessLog;
import se.samverkan.policy.AccessPolicy;

/** Loggkontroll's periodic review: the sample, a reviewer's mark, and the export of a period as CSV. */
public final class AccessReviewRoutes {

  private final AccessReviewService service;

  public AccessReviewRoutes(AccessPolicy policy, AccessLog log, Pool pool) {
    this.service = new AccessReviewService(policy, log, new AccessReviews(pool));
  }

  public void bind(OpenApiBinder api) {
    api.json("getAccessReview", ctx -> service.sample(principal(ctx), AccessReviewQuery.from(ctx.queryParams()))
        .map(AdminJson::accessReview));
    api.created("reviewAccessLogEntry", ctx -> service.mark(principal(ctx), Long.parseLong(ctx.pathParam("id")),
            AccessReviewMark.from(ctx.body().asJsonObject()))
        .map(AdminJson::review));
    api.handler("exportAccessLog", ctx -> service.export(principal(ctx), AccessLogQuery.time(ctx.queryParams(), "from"),
            AccessLogQuery.time(ctx.queryParams(), "to"), ctx.queryParams().get("organisation"))
        .onSuccess(entries -> ctx.response()
            .putHeader("Content-Type", "text/csv; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"loggkontroll.csv\"")
            .end(AccessLogCsv.of(entries)))
        .onFailure(ctx::fail));
  }
}
