package se.samverkan.consent;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.SealLabel;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.Principal;

/**
 * A consent about to be stored: the request as given, who records it, and its personal fields
 * already sealed with the child's key (the repository never sees them in clear).
 */
record NewConsent(UUID id, UUID childId, ConsentRequest request, Principal recordedBy, byte[] givenBySealed,
                  byte[] personDetailsSealed, byte[] purposeSealed, byte[] externalPersonsSealed) {

  NewConsent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(childId, "childId");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(recordedBy, "recordedBy");
    Objects.requireNonNull(givenBySealed, "givenBySealed");
    Objects.requireNonNull(personDetailsSealed, "personDetailsSealed");
    Objects.requireNonNull(purposeSealed, "purposeSealed");
  }

  /** Seals the request's personal fields under the consent's id, the associated data of each. */
  static NewConsent sealed(DataKey key, UUID id, UUID childId, ConsentRequest request, Principal recordedBy,
      List<DirectoryUser> persons, Map<String, Organisation> organisations) {
    return new NewConsent(id, childId, request, recordedBy, SealedFields.sealGivenBy(key, id, request.givenBy()),
        SealedFields.sealPersons(key, id, persons, organisations), key.seal(SealLabel.CONSENT_PURPOSE, id, request.purpose()),
        ExternalPerson.seal(key, id, request.externalPersons()));
  }
}
