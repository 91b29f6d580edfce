package se.samverkan.child;

import static se.samverkan.identity.BearerAuthHandler.principal;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import se.samverkan.http.OpenApiBinder;
import se.samverkan.http.Requests;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.AccessPolicy.Action;

/**
 * HTTP for children, guardians, handovers and the care model: a request record from the validated
 * body, the policy and the service, then {@link ChildJson}. Decisions live in the policy and service.
 */
public final class ChildRoutes {

  private final AccessPolicy policy;
  private final ChildService children;

  public ChildRoutes(AccessPolicy policy, ChildService children) {
    this.policy = policy;
    this.children = children;
  }

  public void bind(OpenApiBinder api) {
    api.json("getCareModel", ctx -> Future.succeededFuture(ChildJson.careModel(children.careModel())))
        .json("listChildren", ctx -> children.list(principal(ctx)).map(ChildJson::summaries))
        // The role before the body's own checks: a caller who may not register gets 403, whatever they sent.
        .created("registerChild", ctx -> policy.mayRegisterChild(principal(ctx))
            .compose(v -> request(ctx, ChildRegistration::from))
            .compose(registration -> children.register(principal(ctx), registration)).map(ChildJson::child))
        .json("getChild", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.CHILD_READ)
            .compose(children::view).map(ChildJson::child))
        .json("updateChild", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.CHILD_UPDATE)
            .compose(access -> request(ctx, ChildUpdate::from).compose(change -> children.update(access, change)))
            .map(ChildJson::child))
        .created("addGuardian", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.GUARDIAN_ADD)
            .compose(access -> request(ctx, GuardianAddition::from).compose(guardian -> children.addGuardian(access, guardian)))
            .map(ChildJson::guardian))
        .noContent("unlinkGuardianAccount", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.GUARDIAN_UNLINK)
            .compose(access -> children.unlinkGuardianAccount(access, Requests.uuid(ctx, "guardianId"))))
        .json("handOver", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.HANDOVER)
            .compose(access -> request(ctx, HandoverRequest::from).compose(handover -> children.handOver(access, handover)))
            .map(ChildJson::handover))
        .json("listDueHandovers", ctx -> children.dueHandovers(principal(ctx)).map(ChildJson::dueHandovers));
  }

  /** The validated body as a request record; a check the contract cannot express fails the future (400). */
  private static <T> Future<T> request(RoutingContext ctx, Function<JsonObject, T> parse) {
    return Future.succeededFuture(ctx).map(Requests::body).map(parse);
  }
}
