package se.samverkan.consent;

import static se.samverkan.identity.BearerAuthHandler.principal;

import se.samverkan.http.OpenApiBinder;
import se.samverkan.http.Requests;
import se.samverkan.policy.AccessPolicy.Action;
import se.samverkan.policy.AccessPolicy;

/** HTTP for consent records, and for disclosures made outside Samverkan (often under a consent). */
public final class ConsentRoutes {

  private final AccessPolicy policy;
  private final ConsentService consents;
  private final ManualSharing manual;

  public ConsentRoutes(AccessPolicy policy, ConsentService consents, ManualSharing manual) {
    this.policy = policy;
    this.consents = consents;
    this.manual = manual;
  }

  public void bind(OpenApiBinder api) {
    api.json("listConsents", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.CONSENT_READ)
            .compose(access -> consents.list(access.childId(), access.historyFrom())))
        .created("recordConsent", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.CONSENT_RECORD)
            .compose(access -> consents.record(access, Requests.body(ctx))))
        .json("withdrawConsent", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.CONSENT_WITHDRAW)
            .compose(access -> consents.withdraw(access, Requests.uuid(ctx, "consentId"), Requests.body(ctx).getString("reason"))))
        .created("recordSharing", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.SHARING_RECORD)
            .compose(access -> manual.record(access, Requests.body(ctx))));
  }
}
