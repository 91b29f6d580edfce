package se.samverkan.sharinglog;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.SealLabel;
import se.samverkan.shared.ProblemException;

/**
 * The sharing log: every disclosure about a child, appended in the disclosing transaction to one
 * global RFC 6962 Merkle tree, with signed checkpoints and inclusion/consistency proofs so that
 * anyone holding an earlier checkpoint can check that nothing was rewritten.
 */
public final class SharingLog {

  private static final Base64.Encoder B64 = Base64.getEncoder();

  private final Pool pool;
  private final SignedNote signer;
  private final String origin;
  private final List<String> keyTransitions;
  private final SharingLogRepository repository = new SharingLogRepository();

  public SharingLog(Pool pool, LogSigner.Keys keys) {
    this.pool = pool;
    this.signer = keys.signer();
    this.origin = signer.keyName();
    this.keyTransitions = keys.transitions();
  }

  /** One entry as served: position, leaf hash, the canonical text that was hashed, and its fields. */
  public record Entry(long logIndex, byte[] leafHash, String canonical) {
    public JsonObject toJson() {
      JsonObject fields = new JsonObject(canonical);
      fields.remove("v");
      fields.remove("childId");
      return fields
          .put("logIndex", logIndex)
          .put("leafHash", B64.encodeToString(leafHash))
          .put("canonical", canonical);
    }
  }

  /**
   * Appends a disclosure inside the caller's transaction, so that the disclosure and its log entry
   * commit together or not at all. Serialised through the head row lock: call it last in the
   * transaction to keep the lock short.
   */
  public Future<Entry> append(SqlClient tx, DataKey key, Disclosure disclosure) {
    return repository.lockHead(tx).compose(index -> {
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      String canonical = CanonicalJson.write(disclosure.toCanonical(index, now.toString()));
      byte[] leaf = Merkle.leafHash(canonical.getBytes(StandardCharsets.UTF_8));
      List<Merkle.Node> siblingNodes = Merkle.leftSiblingsForAppend(index);
      return repository.nodes(tx, siblingNodes)
          .compose(found -> {
            List<byte[]> siblings = new ArrayList<>();
            for (Merkle.Node n : siblingNodes) {
              byte[] h = found.get(n);
              if (h == null) {
                return Future.failedFuture(new IllegalStateException("sharing log is missing node " + n));
              }
              siblings.add(h);
            }
            return repository.insertNodes(tx, Merkle.append(index, leaf, siblings));
          })
          .compose(v -> repository.insertEntry(tx, index, disclosure.childId(), disclosure.category().name(), leaf,
              key.seal(SealLabel.SHARING_LOG_ENTRY, index, canonical), disclosure.familyNotified(),
              OffsetDateTime.ofInstant(now, ZoneOffset.UTC)))
          .compose(v -> repository.setSize(tx, index + 1))
          .map(v -> new Entry(index, leaf, canonical));
    });
  }

  /**
   * A child's entries, oldest first.
   *
   * @param familyOnly leave out entries withheld from the family
   * @param from       leave out entries before this moment (null: all)
   */
  public Future<JsonArray> entries(UUID childId, DataKey key, boolean familyOnly, Instant from) {
    return repository.entriesOf(pool, childId, familyOnly,
            from == null ? null : OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
        .map(stored -> {
          JsonArray out = new JsonArray();
          for (SharingLogRepository.StoredEntry e : stored) {
            String canonical = key.open(SealLabel.SHARING_LOG_ENTRY, e.logIndex(), e.entryCiphertext());
            out.add(new Entry(e.logIndex(), e.leafHash(), canonical).toJson());
          }
          return out;
        });
  }

  public Future<JsonObject> checkpoint() {
    return repository.size(pool).compose(size -> root(size).map(root -> {
      String body = SignedNote.checkpointBody(origin, size, root);
      return new JsonObject()
          .put("origin", origin)
          .put("treeSize", size)
          .put("rootHash", B64.encodeToString(root))
          .put("signedNote", signer.sign(body));
    }));
  }

  private Future<byte[]> root(long size) {
    return repository.nodes(pool, Merkle.nodesForRoot(size))
        .map(nodes -> Merkle.root(size, Merkle.Nodes.of(nodes)));
  }

  public Future<JsonObject> inclusionProof(long index, long size) {
    return repository.size(pool).compose(current -> {
      if (size > current || index >= size) {
        return Future.failedFuture(ProblemException.invalid(
            "Ingen post " + index + " i ett träd av storlek " + size + " (loggen har " + current + " poster)."));
      }
      return repository.nodes(pool, Merkle.nodesForInclusion(index, size))
          .map(nodes -> new JsonObject()
              .put("index", index)
              .put("treeSize", size)
              .put("hashes", encode(Merkle.inclusionProof(index, size, Merkle.Nodes.of(nodes)))));
    });
  }

  /** Inclusion proofs of many entries in one tree, read with one query: what a family's browser needs to check a log. */
  public Future<JsonObject> inclusionProofs(List<Long> indexes, long size) {
    return repository.size(pool).compose(current -> {
      if (size > current) {
        return Future.failedFuture(ProblemException.invalid(
            "Loggen har " + current + " poster; ett träd av storlek " + size + " finns inte än."));
      }
      Set<Merkle.Node> wanted = new HashSet<>();
      for (long index : indexes) {
        if (index >= size) {
          return Future.failedFuture(ProblemException.invalid("Ingen post " + index + " i ett träd av storlek " + size + "."));
        }
        wanted.addAll(Merkle.nodesForInclusion(index, size));
      }
      return repository.nodes(pool, wanted).map(nodes -> {
        Merkle.Nodes known = Merkle.Nodes.of(nodes);
        JsonArray proofs = new JsonArray();
        for (long index : indexes) {
          proofs.add(new JsonObject().put("index", index).put("hashes", encode(Merkle.inclusionProof(index, size, known))));
        }
        return new JsonObject().put("treeSize", size).put("proofs", proofs);
      });
    });
  }

  public Future<JsonObject> consistencyProof(long from, long to) {
    return repository.size(pool).compose(current -> {
      if (to > current || from > to) {
        return Future.failedFuture(ProblemException.invalid(
            "Ingen konsistensbevisning från " + from + " till " + to + " (loggen har " + current + " poster)."));
      }
      return repository.nodes(pool, Merkle.nodesForConsistency(from, to))
          .map(nodes -> new JsonObject()
              .put("from", from)
              .put("to", to)
              .put("hashes", encode(Merkle.consistencyProof(from, to, Merkle.Nodes.of(nodes)))));
    });
  }

  public JsonObject publicKey() {
    return new JsonObject()
        .put("keyName", signer.keyName())
        .put("algorithm", "Ed25519")
        .put("publicKey", B64.encodeToString(signer.publicKey()))
        .put("verifierKey", signer.verifierKey())
        .put("fingerprint", fingerprint());
  }

  /** SHA-256 of the public key in groups of four hex digits, for comparing out of band. */
  public String fingerprint() {
    return signer.fingerprint();
  }

  public String origin() {
    return origin;
  }

  /** Every change of key or origin since the log began, each a note signed by the key before it, oldest first. */
  public JsonObject keyTransitions() {
    return new JsonObject().put("transitions", new JsonArray(new ArrayList<Object>(keyTransitions)));
  }

  private static JsonArray encode(List<byte[]> hashes) {
    JsonArray out = new JsonArray();
    hashes.forEach(h -> out.add(B64.encodeToString(h)));
    return out;
  }

  /** For tests and tools: the stored nodes behind a root. */
  Future<Map<Merkle.Node, byte[]>> nodesForRoot(long size) {
    return repository.nodes(pool, Merkle.nodesForRoot(size));
  }
}
