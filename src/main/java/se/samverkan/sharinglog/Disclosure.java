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
  public enum Category { TEAM_MEMBERSHIP, HANDOVER, MANUAL, CONSENT_WITHDRAWN, TEAM_MESSAGES, MEETING_INVITATION, GUARDIAN_ACCOUNT,
    DIRECT_MESSAGES }

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

  /** Whom an entry names as having received the information: people, and the organisations it reached. */
  public record Recipients(List<Person> persons, List<Organisation> organisations) {
    public Recipients {
      persons = List.copyOf(persons);
      organisations = List.copyOf(organisations);
    }

    /** One person, and their organisation if they have one. */
    public static Recipients person(Person person) {
      return new Recipients(List.of(person), person.organisation() == null ? List.of() : List.of(person.organisation()));
    }
  }

  /** Someone was given the team's information about the child (added, or access restored by a consent). */
  public static Disclosure teamMembership(UUID childId, String reference, String what, Recipients to, String purpose,
      LegalBasis basis, Person sharedBy) {
    return told(childId, Category.TEAM_MEMBERSHIP, what, reference, to, purpose, basis, sharedBy);
  }

  /** The ChildContact's responsibility passed to someone else, with or without the child's information. */
  public static Disclosure handover(UUID childId, UUID handoverId, String what, Person to, String reason,
      LegalBasis basis, Person sharedBy) {
    return told(childId, Category.HANDOVER, what, "handover:" + handoverId, Recipients.person(to), reason, basis, sharedBy);
  }

  /** People invited to a meeting where the child is discussed. */
  public static Disclosure meetingInvitation(UUID childId, UUID meetingId, String what, Recipients to, String purpose,
      LegalBasis basis, Person sharedBy) {
    return told(childId, Category.MEETING_INVITATION, what, "meeting:" + meetingId, to, purpose, basis, sharedBy);
  }

  /** The team's messages about the child were read by these people. */
  public static Disclosure teamMessages(UUID childId, String reference, String what, Recipients to, String purpose,
      LegalBasis basis, Person sharedBy) {
    return told(childId, Category.TEAM_MESSAGES, what, reference, to, purpose, basis, sharedBy);
  }

  /**
   * Two persons wrote to each other about the child on one Swedish calendar day (direct messages,
   * end-to-end encrypted): who, and on which basis — never what. Each party's basis is their
   * covering consent, or none for the ChildContact (the care model); the entry cites the
   * recipient's consent, else the sender's, and names a second, different consent in its text.
   *
   * @param sender    the party whose message was the day's first
   * @param senderBasis    the consent covering the sender (null: the ChildContact, who needs none)
   * @param recipientBasis the consent covering the recipient (null: the ChildContact)
   */
  public static Disclosure directConversation(UUID childId, UUID conversationId, java.time.LocalDate day, Person sender,
      UUID senderBasis, Person recipient, UUID recipientBasis) {
    UUID cited = recipientBasis != null ? recipientBasis : senderBasis;
    LegalBasis basis = cited == null ? new LegalBasis(BasisType.CARE_MODEL, null) : LegalBasis.consent(cited);
    String what = "Direktmeddelanden om barnet mellan " + sender.name() + " och " + recipient.name()
        + " (innehållet är krypterat mellan deras enheter och syns inte i Samverkan)."
        + (senderBasis != null && recipientBasis != null && !senderBasis.equals(recipientBasis)
            ? " Även samtycke " + senderBasis + " omfattar." : "");
    List<Organisation> orgs = new java.util.ArrayList<>();
    for (Person p : List.of(sender, recipient)) {
      if (p.organisation() != null && !orgs.contains(p.organisation())) {
        orgs.add(p.organisation());
      }
    }
    return told(childId, Category.DIRECT_MESSAGES, what, "direct:" + conversationId + ":" + day,
        new Recipients(List.of(sender, recipient), orgs), "Samverkan kring barnet (direktmeddelanden)", basis, sender);
  }

  /** A consent was withdrawn, and these people lost access through it. */
  public static Disclosure consentWithdrawn(UUID childId, UUID consentId, String what, List<Person> lostAccess,
      String reason, Person sharedBy) {
    return told(childId, Category.CONSENT_WITHDRAWN, what, "consent:" + consentId, new Recipients(lostAccess, List.of()),
        reason, LegalBasis.consent(consentId), sharedBy);
  }

  /** A guardian's account was linked to or unlinked from the child; the family needs no consent. */
  public static Disclosure guardianAccount(UUID childId, UUID guardianId, String what, Person guardian, String purpose,
      Person sharedBy) {
    return told(childId, Category.GUARDIAN_ACCOUNT, what, "guardian:" + guardianId, Recipients.person(guardian), purpose,
        new LegalBasis(BasisType.FAMILY, null), sharedBy);
  }

  /** Sharing a professional records by hand; the only kind that may be withheld from the family (with a reason). */
  public static Disclosure manual(UUID childId, String what, Recipients to, String purpose, LegalBasis basis,
      Person sharedBy, boolean familyNotified, String withheldReason) {
    return new Disclosure(childId, Category.MANUAL, what, null, to.persons(), to.organisations(), purpose, basis, sharedBy,
        familyNotified, withheldReason);
  }

  private static Disclosure told(UUID childId, Category category, String what, String reference, Recipients to,
      String purpose, LegalBasis basis, Person sharedBy) {
    return new Disclosure(childId, category, what, reference, to.persons(), to.organisations(), purpose, basis, sharedBy,
        true, null);
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
