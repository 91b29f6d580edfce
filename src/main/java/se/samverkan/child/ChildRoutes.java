package se.samverkan.child;

import static se.samverkan.identity.BearerAuthHandler.principal;

import se.samverkan.http.OpenApiBinder;
import se.samverkan.http.Requests;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.AccessPolicy.Action;

/** HTTP for children, guardians, handovers and the care model. Decisions live in the policy and service. */
public final class ChildRoutes {

  private final AccessPolicy policy;
  private final ChildService children;

  public ChildRoutes(AccessPolicy policy, ChildService children) {
    this.policy = policy;
    this.children = children;
  }

  public void bind(OpenApiBinder api) {
    api.json("getCareModel", ctx -> io.vertx.core.Future.succeededFuture(children.careModelJson()))
        .json("listChildren", ctx -> children.list(principal(ctx)))
        .created("registerChild", ctx -> children.register(principal(ctx), Requests.body(ctx)))
        .json("getChild", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.CHILD_READ)
            .compose(children::view))
        .json("updateChild", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.CHILD_UPDATE)
            .compose(access -> children.update(access, Requests.body(ctx))))
        .created("addGuardian", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.GUARDIAN_ADD)
            .compose(access -> children.addGuardian(access, Requests.body(ctx))))
        .noContent("unlinkGuardianAccount", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.GUARDIAN_UNLINK)
            .compose(access -> children.unlinkGuardianAccount(access, Requests.uuid(ctx, "guardianId"))))
        .json("handOver", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.HANDOVER)
            .compose(access -> children.handOver(access, Requests.body(ctx))))
        .json("listDueHandovers", ctx -> children.dueHandovers(principal(ctx)));
  }
}
