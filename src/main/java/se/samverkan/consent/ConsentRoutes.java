package se.samverkan.consent;

import static se.samverkan.identity.BearerAuthHandler.principal;

import se.samverkan.http.OpenApiBinder;
import se.samverkan.http.Requests;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.AccessPolicy.Action;
import se.samverkan.sharinglog.SharingLog;

/**
 * HTTP for consent records, and for disclosures made outside Samverkan (often under a consent). What
 * the contract cannot check in a body is checked only after the policy has answered, as before.
 */
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
            .compose(consents::list).map(ConsentJson::list))
        .created("recordConsent", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.CONSENT_RECORD)
            .compose(access -> consents.record(access, ConsentRequest.from(Requests.body(ctx)))).map(ConsentJson::consent))
        .json("withdrawConsent", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.CONSENT_WITHDRAW)
            .compose(access -> consents.withdraw(access, Requests.uuid(ctx, "consentId"), WithdrawalRequest.from(Requests.body(ctx))))
            .map(ConsentJson::consent))
        .created("recordSharing", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.SHARING_RECORD)
            .compose(access -> manual.record(access, ManualSharingRequest.from(Requests.body(ctx)))).map(SharingLog.Entry::toJson));
  }
}
