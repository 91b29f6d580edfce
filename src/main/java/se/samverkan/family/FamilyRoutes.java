package se.samverkan.family;

import static se.samverkan.identity.BearerAuthHandler.principal;

import se.samverkan.consent.ConsentJson;
import se.samverkan.http.OpenApiBinder;
import se.samverkan.http.Requests;

/** HTTP for the guardian's view: the service's records rendered by {@link FamilyJson}. */
public final class FamilyRoutes {

  private final FamilyService family;

  public FamilyRoutes(FamilyService family) {
    this.family = family;
  }

  public void bind(OpenApiBinder api) {
    api.json("listFamilyChildren", ctx -> family.children(principal(ctx)).map(FamilyJson::children))
        .json("getFamilySharingLog", ctx -> family.sharingLog(principal(ctx), Requests.uuid(ctx, "id")).map(FamilyJson::sharingLog))
        .json("getFamilyConsents", ctx -> family.consents(principal(ctx), Requests.uuid(ctx, "id")).map(ConsentJson::list));
  }
}
