package se.samverkan.consent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.SealLabel;

/**
 * Someone outside the family without an account in Samverkan whom a consent names (a private
 * psychologist, a coach), by name and e-mail. Stored sealed with the consent, under the child's key;
 * the e-mail is what a meeting invitation is matched against, compared without regard to case.
 */
public record ExternalPerson(String name, String email) {

  public boolean sameAddress(String other) {
    return other != null && normalise(email).equals(normalise(other));
  }

  static String normalise(String email) {
    return email.trim().toLowerCase(Locale.ROOT);
  }

  static byte[] seal(DataKey key, UUID consentId, List<ExternalPerson> persons) {
    if (persons.isEmpty()) {
      return null;
    }
    JsonArray out = new JsonArray();
    persons.forEach(p -> out.add(new JsonObject().put("name", p.name()).put("email", p.email())));
    return key.seal(SealLabel.CONSENT_EXTERNAL_PERSONS, consentId, out.encode());
  }

  static List<ExternalPerson> open(DataKey key, UUID consentId, byte[] sealed) {
    List<ExternalPerson> out = new ArrayList<>();
    if (sealed != null) {
      new JsonArray(key.open(SealLabel.CONSENT_EXTERNAL_PERSONS, consentId, sealed))
          .forEach(o -> out.add(new ExternalPerson(((JsonObject) o).getString("name"), ((JsonObject) o).getString("email"))));
    }
    return out;
  }
}
