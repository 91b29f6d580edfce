package se.samverkan.sharinglog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import se.samverkan.identity.Principal;

/**
 * What is appended to the sharing log: what was shared about which child, with whom, why, by whom,
 * and whether the family is told. Withholding from the family needs a reason.
 */
public record Disclosure(
    UUID childId,
    Category category,
    String what,
    String reference,
    List<Person> persons,
    List<Organisation> organisations,
    String purpose,
    LegalBasis legalBasis,
    Person sharedBy,
    boolean familyNotified,
    String withheldReason) {

  /** GUARDIAN_ACCOUNT: a guardian's account linked to the child (it sees the family view) or unlinked. */
  public enum Category { TEAM_MEMBERSHIP, HANDOVER, MANUAL, CONSENT_WITHDRAWN, TEAM_MESSAGES, MEETING_INVITATION, GUARDIAN_ACCOUNT }

  /** FAMILY: told to the child or its guardians, who need no consent to learn about their own child. */
  public enum BasisType { CONSENT, DUTY_TO_REPORT, CARE_MODEL, NONE, FAMILY }

  public record LegalBasis(BasisType type, UUID consentId) {
    public static LegalBasis consent(UUID id) {
      return new LegalBasis(BasisType.CONSENT, Objects.requireNonNull(id));
    }

    public JsonObject toJson() {
      return new JsonObject().put("type", type.name()).put("consentId", consentId == null ? null : consentId.toString());
    }
  }

  public record Organisation(String alias, String name) {
    public JsonObject toJson() {
      return new JsonObject().put("alias", alias).put("name", name);
    }
  }

  /** The person sharing, as the sharing log names them (with their organisation's name from {@code orgs}). */
  public static Person sharedBy(Principal who, Map<String, se.samverkan.identity.Organisation> orgs) {
    return new Person(who.username(), who.name(), who.organisation()
        .map(a -> new Organisation(a, orgs.containsKey(a) ? orgs.get(a).name() : a)).orElse(null));
  }

  public record Person(String username, String name, Organisation organisation) {
    public JsonObject toJson() {
      return new JsonObject().put("username", username).put("name", name)
          .put("organisation", organisation == null ? null : organisation.toJson());
    }
  }

  public Disclosure {
    Objects.requireNonNull(childId, "childId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(what, "what");
    persons = List.copyOf(persons);
    organisations = List.copyOf(organisations);
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(legalBasis, "legalBasis");
    Objects.requireNonNull(sharedBy, "sharedBy");
    if (!familyNotified && (withheldReason == null || withheldReason.isBlank())) {
      throw new IllegalArgumentException("withholding an entry from the family needs a reason");
    }
    if (familyNotified) {
      withheldReason = null;
    }
  }

  /** The canonical entry: exactly these fields are hashed into the log. */
  JsonObject toCanonical(long logIndex, String sharedAt) {
    JsonArray personArray = new JsonArray();
    persons.forEach(p -> personArray.add(p.toJson()));
    JsonArray orgArray = new JsonArray();
    organisations.forEach(o -> orgArray.add(o.toJson()));
    return new JsonObject()
        .put("v", 1)
        .put("logIndex", logIndex)
        .put("childId", childId.toString())
        .put("category", category.name())
        .put("what", what)
        .put("reference", reference)
        .put("recipients", new JsonObject().put("persons", personArray).put("organisations", orgArray))
        .put("purpose", purpose)
        .put("legalBasis", legalBasis.toJson())
        .put("sharedBy", sharedBy.toJson())
        .put("sharedAt", sharedAt)
        .put("familyNotified", familyNotified)
        .put("withheldReason", withheldReason);
  }
}
