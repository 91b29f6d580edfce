package se.samverkan.family;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import se.samverkan.child.ChildRecord;
import se.samverkan.child.ChildService;
import se.samverkan.consent.ConsentJson;
import se.samverkan.consent.ConsentService;
import se.samverkan.crypto.KeyVault;
import se.samverkan.crypto.SealLabel;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.People;
import se.samverkan.identity.Principal;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.sharinglog.SharingLog;

/**
 * The family's own view: a guardian linked to a child reads what was shared about the child, with
 * whom and why (entries withheld for the child's sake left out), and the consents on record.
 */
public final class FamilyService {

  private final Pool pool;
  private final KeyVault keys;
  private final AccessPolicy policy;
  private final KeycloakDirectory directory;
  private final ChildService children;
  private final ConsentService consents;
  private final SharingLog sharingLog;

  public FamilyService(Pool pool, KeyVault keys, AccessPolicy policy, KeycloakDirectory directory, ChildService children,
      ConsentService consents, SharingLog sharingLog) {
    this.pool = pool;
    this.keys = keys;
    this.policy = policy;
    this.directory = directory;
    this.children = children;
    this.consents = consents;
    this.sharingLog = sharingLog;
  }

  public Future<JsonObject> children(Principal guardian) {
    return policy.childrenOfGuardian(guardian)
        .compose(children::records)
        .compose(records -> {
          List<Future<JsonObject>> out = new ArrayList<>();
          for (ChildRecord c : records) {
            out.add(Future.all(keys.keyFor(c.id()), directory.organisations().otherwise(Map.of())).map(all ->
                new JsonObject()
                    .put("id", c.id().toString())
                    .put("name", ((se.samverkan.crypto.DataKey) all.resultAt(0)).open(SealLabel.CHILD_NAME, c.id(), c.nameSealed()))
                    .put("birthDate", c.birthDate().toString())
                    .put("childContact", People.person(c.contactUsername(), c.contactName(), c.contactOrganisation(),
                        all.resultAt(1)))));
          }
          return Future.all(out).map(all -> new JsonObject().put("children", new JsonArray(all.list())));
        });
  }

  public Future<JsonObject> sharingLog(Principal guardian, UUID childId) {
    return policy.guardian(guardian, childId, AccessPolicy.RoleAction.FAMILY_SHARING_LOG)
        .compose(v -> keys.keyFor(childId))
        .compose(key -> sharingLog.entries(childId, key, true, null))
        .map(entries -> new JsonObject().put("childId", childId.toString()).put("entries", entries));
  }

  public Future<JsonObject> consents(Principal guardian, UUID childId) {
    return policy.guardian(guardian, childId, AccessPolicy.RoleAction.FAMILY_CONSENTS).compose(v -> consents.list(childId))
        .map(ConsentJson::list);
  }
}
