package se.samverkan.family;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import se.samverkan.child.ChildRecord;
import se.samverkan.child.ChildService;
import se.samverkan.consent.ConsentList;
import se.samverkan.consent.ConsentService;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.KeyVault;
import se.samverkan.crypto.SealLabel;
import se.samverkan.identity.KeycloakDirectory;
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

  public Future<List<FamilyChild>> children(Principal guardian) {
    return policy.childrenOfGuardian(guardian)
        .compose(children::records)
        .compose(records -> {
          List<Future<FamilyChild>> out = new ArrayList<>();
          for (ChildRecord c : records) {
            out.add(Future.all(keys.keyFor(c.id()), directory.organisationNames()).map(all ->
                new FamilyChild(c, all.<DataKey>resultAt(0).open(SealLabel.CHILD_NAME, c.id(), c.nameSealed()), all.resultAt(1))));
          }
          return Future.all(out).map(all -> all.<FamilyChild>list());
        });
  }

  /** The child's sharing log without the entries withheld from the family. */
  public Future<FamilySharingLog> sharingLog(Principal guardian, UUID childId) {
    return policy.guardian(guardian, childId, AccessPolicy.RoleAction.FAMILY_SHARING_LOG)
        .compose(v -> keys.keyFor(childId))
        .compose(key -> sharingLog.entries(childId, key, true, null))
        .map(entries -> new FamilySharingLog(childId, entries));
  }

  /** The consents on record, as consent renders them (ConsentList) for whoever may read them. */
  public Future<ConsentList> consents(Principal guardian, UUID childId) {
    return policy.guardian(guardian, childId, AccessPolicy.RoleAction.FAMILY_CONSENTS).compose(v -> consents.list(childId));
  }
}
