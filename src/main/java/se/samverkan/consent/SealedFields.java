package se.samverkan.consent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.SealLabel;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.People;

/**
 * The consent's sealed fields that hold a list, each one JSON array under the child's key: who gave
 * it, and the persons with an account it names as Keycloak knew them when it was recorded (name and
 * organisation may change later; the consent says whom the guardians meant), in the shape of the
 * contract's Person. The people without an account are {@link ExternalPerson}'s.
 */
final class SealedFields {

  private SealedFields() {
  }

  static byte[] sealGivenBy(DataKey key, UUID consentId, List<String> givenBy) {
    return key.seal(SealLabel.CONSENT_GIVEN_BY, consentId, new JsonArray(givenBy).encode());
  }

  static List<String> openGivenBy(DataKey key, UUID consentId, byte[] sealed) {
    List<String> out = new ArrayList<>();
    new JsonArray(key.open(SealLabel.CONSENT_GIVEN_BY, consentId, sealed)).forEach(o -> out.add((String) o));
    return out;
  }

  static byte[] sealPersons(DataKey key, UUID consentId, List<DirectoryUser> users, Map<String, Organisation> orgs) {
    JsonArray details = new JsonArray();
    for (DirectoryUser u : users) {
      details.add(People.person(u.username(), u.name(), u.organisation().map(Organisation::alias).orElse(null), orgs));
    }
    return key.seal(SealLabel.CONSENT_PERSONS, consentId, details.encode());
  }

  static List<ConsentView.Person> openPersons(DataKey key, UUID consentId, byte[] sealed) {
    List<ConsentView.Person> out = new ArrayList<>();
    for (Object o : new JsonArray(key.open(SealLabel.CONSENT_PERSONS, consentId, sealed))) {
      JsonObject p = (JsonObject) o;
      JsonObject org = p.getJsonObject("organisation");
      out.add(new ConsentView.Person(p.getString("username"), p.getString("name"),
          org == null ? null : org.getString("alias"), org == null ? null : org.getString("name")));
    }
    return out;
  }
}
