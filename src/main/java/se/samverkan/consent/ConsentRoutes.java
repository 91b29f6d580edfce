package se.samverkan.consent;

import static se.samverkan.identity.BearerAuthHandler.principal;

import se.samverkan.http.OpenApiBinder;
import se.samverkan.http.Requests;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.AccessPolicy.Action;

/** HTTP for consent records. */
public final class ConsentRoutes {

  private final AccessPolicy policy;
  private final ConsentService consents;

  public ConsentRoutes(AccessPolicy policy, ConsentService consents) {
    this.policy = policy;
    this.consents = consents;
  }

  public void bind(OpenApiBinder api) {
    api.json("listConsents", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.CONSENT_READ)
            .compose(access -> consents.list(access.childId(), access.historyFrom())))
        .created("recordConsent", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.CONSENT_RECORD)
            .compose(access -> consents.record(access, Requests.body(ctx))))
        .json("withdrawConsent", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.CONSENT_WITHDRAW)
            .compose(access -> consents.withdraw(access, Requests.uuid(ctx, "consentId"), Requests.body(ctx).getString("reason"))));
  }
}
