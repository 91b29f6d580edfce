package se.samverkan.sharinglog;

import static se.samverkan.identity.BearerAuthHandler.principal;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import se.samverkan.crypto.KeyVault;
import se.samverkan.http.OpenApiBinder;
import se.samverkan.http.Requests;
import se.samverkan.policy.AccessPolicy.Action;
import se.samverkan.policy.AccessPolicy;

/** HTTP for the sharing log: a child's entries (manual ones are recorded in {@code consent.ConsentRoutes}), checkpoints, proofs, the public key and its transitions. */
public final class SharingLogRoutes {

  private final AccessPolicy policy;
  private final KeyVault keys;
  private final SharingLog log;

  public SharingLogRoutes(AccessPolicy policy, KeyVault keys, SharingLog log) {
    this.policy = policy;
    this.keys = keys;
    this.log = log;
  }

  public void bind(OpenApiBinder api) {
    api.json("getChildSharingLog", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.SHARING_LOG_READ)
            .compose(access -> keys.keyFor(access.childId())
                .compose(key -> log.entries(access.childId(), key, false, access.historyFrom()))
                .map(entries -> new JsonObject().put("childId", access.childId().toString()).put("entries", entries))))
        // The log's head and proofs name no child and carry only hashes: any signed-in user may check them.
        .json("getCheckpoint", ctx -> log.checkpoint())
        .json("getInclusionProof", ctx -> log.inclusionProof(Requests.longQuery(ctx, "index"), Requests.longQuery(ctx, "size")))
        .json("getInclusionProofs", ctx -> {
          JsonObject body = Requests.body(ctx);
          List<Long> indexes = new ArrayList<>();
          body.getJsonArray("indexes").forEach(i -> indexes.add(((Number) i).longValue()));
          return log.inclusionProofs(indexes, body.getLong("size"));
        })
        .json("getConsistencyProof", ctx -> log.consistencyProof(Requests.longQuery(ctx, "from"), Requests.longQuery(ctx, "to")))
        .json("getLogPublicKey", ctx -> Future.succeededFuture(log.publicKey()))
        .json("getLogKeyTransitions", ctx -> Future.succeededFuture(log.keyTransitions()));
  }
}
