package se.samverkan.consent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import se.samverkan.consent.ConsentView.Content;
import se.samverkan.consent.ConsentView.Person;
import se.samverkan.identity.People;

/**
 * The consent schemas of the contract (Consent, ConsentList), keys written once: the full and the
 * restricted view side by side, so what a restricted caller is shown is visibly the shape of the full
 * one with everything the consent says blanked, and only the time of a withdrawal left.
 */
public final class ConsentJson {

  private ConsentJson() {
  }

  public static JsonObject list(ConsentList list) {
    return new JsonObject()
        .put("consents", new JsonArray(list.consents().stream().map(ConsentJson::consent).toList()))
        .put("historyFrom", instant(list.historyFrom()));
  }

  static JsonObject consent(ConsentView view) {
    return view.content() == null ? restricted(view) : full(view, view.content());
  }

  private static JsonObject common(ConsentView view) {
    ConsentRecord r = view.consent();
    return new JsonObject()
        .put("id", r.id().toString())
        .put("level", r.level().name())
        .put("childParticipated", r.childParticipated())
        .put("validFrom", r.validFrom().toString())
        .put("validUntil", instant(r.validUntil()))
        .put("recordedAt", r.recordedAt().toString())
        .put("status", view.status().name());
  }

  private static JsonObject restricted(ConsentView view) {
    ConsentRecord r = view.consent();
    return common(view)
        .put("restricted", true)
        .put("givenBy", new JsonArray())
        .put("organisations", new JsonArray())
        .put("persons", new JsonArray())
        .put("externalPersons", new JsonArray())
        .put("purpose", (Object) null)
        .put("recordedBy", (Object) null)
        .put("withdrawal", r.withdrawnAt() == null ? null : new JsonObject().put("at", r.withdrawnAt().toString()));
  }

  private static JsonObject full(ConsentView view, Content c) {
    ConsentRecord r = view.consent();
    return common(view)
        .put("restricted", false)
        .put("givenBy", new JsonArray(c.givenBy()))
        .put("organisations", new JsonArray(r.organisations().stream().map(a -> People.organisation(a, view.orgs())).toList()))
        .put("persons", new JsonArray(c.persons().stream().map(ConsentJson::person).toList()))
        .put("externalPersons", externalPersons(c.externalPersons()))
        .put("purpose", c.purpose())
        .put("recordedBy", People.person(r.recordedBy(), r.recordedBy(), null, view.orgs()))
        .put("withdrawal", r.withdrawnAt() == null ? null : new JsonObject()
            .put("at", r.withdrawnAt().toString())
            .put("by", People.person(r.withdrawnBy(), r.withdrawnBy(), null, view.orgs()))
            .put("reason", c.withdrawalReason()));
  }

  /** As it was when the consent was recorded, not as the directory has it now. */
  private static JsonObject person(Person p) {
    return new JsonObject()
        .put("username", p.username())
        .put("name", p.name())
        .put("organisation", p.organisationAlias() == null ? null
            : new JsonObject().put("alias", p.organisationAlias()).put("name", p.organisationName()));
  }

  private static JsonArray externalPersons(List<ExternalPerson> persons) {
    return new JsonArray(persons.stream().map(p -> new JsonObject().put("name", p.name()).put("email", p.email())).toList());
  }

  private static String instant(Instant t) {
    return t == null ? null : t.toString();
  }
}
