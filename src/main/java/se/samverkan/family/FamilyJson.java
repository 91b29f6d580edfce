package se.samverkan.family;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import se.samverkan.child.ChildRecord;
import se.samverkan.identity.People;

/**
 * The family schemas of the contract (the list of FamilyChild, the family's SharingLog), keys written
 * once. The consents the family reads are consent's ConsentList, rendered where consents are.
 */
final class FamilyJson {

  private FamilyJson() {
  }

  static JsonObject children(List<FamilyChild> children) {
    return new JsonObject().put("children", new JsonArray(children.stream().map(FamilyJson::child).toList()));
  }

  static JsonObject child(FamilyChild f) {
    ChildRecord c = f.child();
    return new JsonObject()
        .put("id", c.id().toString())
        .put("name", f.name())
        .put("birthDate", c.birthDate().toString())
        .put("childContact", People.person(c.contactUsername(), c.contactName(), c.contactOrganisation(), f.orgs()));
  }

  static JsonObject sharingLog(FamilySharingLog log) {
    return new JsonObject().put("childId", log.childId().toString()).put("entries", log.entries());
  }
}
