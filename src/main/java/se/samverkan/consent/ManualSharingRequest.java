package se.samverkan.consent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import se.samverkan.shared.ProblemException;
import se.samverkan.sharinglog.Disclosure.BasisType;

/**
 * A sharing done outside Samverkan as recorded (NewSharing), from the body the contract has already
 * validated: texts trimmed, recipients once each. {@code consentId} is null unless the basis is
 * CONSENT; {@code withheldReason} is null unless the family is not to be told.
 */
record ManualSharingRequest(String what, List<String> persons, List<String> organisations, String purpose, BasisType basis,
                            UUID consentId, boolean familyNotified, String withheldReason) {

  ManualSharingRequest {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(basis, "basis");
    persons = List.copyOf(persons);
    organisations = List.copyOf(organisations);
    if (persons.isEmpty() && organisations.isEmpty()) {
      throw ProblemException.invalid("Ange minst en mottagare (person eller organisation).");
    }
    if (!familyNotified && (withheldReason == null || withheldReason.isBlank())) {
      throw ProblemException.invalid(
          "Om familjen inte ska få veta om delningen måste skälet anges (t.ex. att det kan skada barnet).");
    }
    if (basis == BasisType.CONSENT && consentId == null) {
      throw ProblemException.invalid("Ange vilket samtycke delningen stöder sig på (consentId).");
    }
  }

  static ManualSharingRequest from(JsonObject body) {
    JsonObject recipients = body.getJsonObject("recipients");
    JsonObject basis = body.getJsonObject("legalBasis");
    BasisType type = BasisType.valueOf(basis.getString("type"));
    String consentId = type == BasisType.CONSENT ? basis.getString("consentId") : null;
    boolean familyNotified = body.getBoolean("familyNotified");
    String withheldReason = body.getString("withheldReason");
    return new ManualSharingRequest(
        body.getString("what").trim(),
        distinct(recipients.getJsonArray("persons")),
        distinct(recipients.getJsonArray("organisations")),
        body.getString("purpose").trim(),
        type,
        consentId == null ? null : UUID.fromString(consentId),
        familyNotified,
        familyNotified || withheldReason == null ? null : withheldReason.trim());
  }

  private static List<String> distinct(JsonArray array) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    if (array != null) {
      array.forEach(o -> out.add(String.valueOf(o)));
    }
    return new ArrayList<>(out);
  }
}
