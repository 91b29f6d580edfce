package se.samverkan.sharinglog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * Proofs from the running server, checked the way an outside auditor would: the signed checkpoint
 * with the published key, inclusion with the independent RFC 9162 verifier, consistency between
 * an earlier and a later checkpoint — and a changed entry must fail.
 */
@ExtendWith(SamverkanExtension.class)
class SharingLogProofTest {

  private static final Base64.Decoder B64 = Base64.getDecoder();

  private static List<byte[]> hashes(JsonObject proof) {
    List<byte[]> out = new ArrayList<>();
    proof.getJsonArray("hashes").forEach(h -> out.add(B64.decode((String) h)));
    return out;
  }

  private static JsonObject verifiedCheckpoint(Api api, String user) throws Exception {
    JsonObject checkpoint = api.get(user, "/api/sharing-log/checkpoint").json();
    JsonObject key = api.get(user, "/api/sharing-log/public-key").json();
    String note = checkpoint.getString("signedNote");
    String body = checkpoint.getString("origin") + "\n" + checkpoint.getLong("treeSize") + "\n" + checkpoint.getString("rootHash") + "\n";
    assertTrue(note.startsWith(body + "\n\u2014 " + key.getString("keyName") + " "), note);
    byte[] sig = B64.decode(note.substring(note.lastIndexOf(' ') + 1).trim());
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(SignedNote.publicKeyFromRaw(B64.decode(key.getString("publicKey"))));
    verifier.update(body.getBytes(StandardCharsets.UTF_8));
    assertTrue(verifier.verify(Arrays.copyOfRange(sig, 4, sig.length)), "checkpoint signature");
    return checkpoint;
  }

  @Test
  void entriesShouldBeProvablyInTheSignedLogAndAChangedEntryShouldFail(TestStack stack) throws Exception {
    Api api = new Api(stack);
    // Something in the log first, so there is an earlier checkpoint to be consistent with.
    String earlier = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", earlier, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    api.addMemberOk("anna.bvc", earlier, "lars.soc");
    JsonObject before = verifiedCheckpoint(api, "maria.polis");

    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo", "polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    api.addMemberOk("anna.bvc", child, "maria.polis");
    JsonArray entries = api.sharingLog("anna.bvc", child);
    assertEquals(2, entries.size());

    JsonObject after = verifiedCheckpoint(api, "karin.guardian");
    long size = after.getLong("treeSize");
    byte[] root = B64.decode(after.getString("rootHash"));
    assertTrue(size >= before.getLong("treeSize") + 2);

    for (Object o : entries) {
      JsonObject entry = (JsonObject) o;
      byte[] canonical = entry.getString("canonical").getBytes(StandardCharsets.UTF_8);
      byte[] leaf = Rfc9162Verifier.hashLeaf(canonical);
      assertArrayEquals(leaf, B64.decode(entry.getString("leafHash")), "leafHash = SHA-256(0x00 ‖ canonical)");
      long index = entry.getLong("logIndex");
      JsonObject proof = api.get("sec.admin", "/api/sharing-log/proof/inclusion?index=" + index + "&size=" + size).json();
      assertTrue(Rfc9162Verifier.verifyInclusion(index, size, leaf, hashes(proof), root), "inclusion of " + index);

      String changed = entry.getString("canonical").replace("Tillagd", "Borttagen");
      assertFalse(changed.equals(entry.getString("canonical")), "the test must change the entry");
      assertFalse(Rfc9162Verifier.verifyInclusion(index, size,
          Rfc9162Verifier.hashLeaf(changed.getBytes(StandardCharsets.UTF_8)), hashes(proof), root), "a changed entry verified");
      JsonObject fields = new JsonObject(entry.getString("canonical"));
      assertEquals(fields.getString("what"), entry.getString("what"), "the shown fields are the hashed ones");
    }

    {
      long from = before.getLong("treeSize");
      JsonObject consistency = api.get("anna.bvc", "/api/sharing-log/proof/consistency?from=" + from + "&to=" + size).json();
      assertTrue(Rfc9162Verifier.verifyConsistency(from, size, B64.decode(before.getString("rootHash")), root, hashes(consistency)),
          "the log grew only by appending");
      byte[] forged = B64.decode(before.getString("rootHash"));
      forged[0] ^= 1;
      assertFalse(Rfc9162Verifier.verifyConsistency(from, size, forged, root, hashes(consistency)));
    }
  }

  @Test
  void batchedProofsShouldEqualSingleProofsAndVerify(TestStack stack) throws Exception {
    Api api = new Api(stack);
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    api.addMemberOk("anna.bvc", child, "sara.elevhalsa");
    JsonObject checkpoint = verifiedCheckpoint(api, "anna.bvc");
    long size = checkpoint.getLong("treeSize");
    byte[] root = B64.decode(checkpoint.getString("rootHash"));
    JsonArray entries = api.sharingLog("anna.bvc", child);
    JsonArray indexes = new JsonArray();
    entries.forEach(e -> indexes.add(((JsonObject) e).getLong("logIndex")));
    indexes.add(0L);

    Http.Response batch = api.post("karin.guardian", "/api/sharing-log/proof/inclusions",
        new JsonObject().put("size", size).put("indexes", indexes));
    assertEquals(200, batch.status(), batch.toString());
    JsonArray proofs = batch.json().getJsonArray("proofs");
    assertEquals(indexes.size(), proofs.size());
    for (int i = 0; i < entries.size(); i++) {
      JsonObject entry = entries.getJsonObject(i);
      JsonObject proof = proofs.getJsonObject(i);
      long index = entry.getLong("logIndex");
      assertEquals(index, proof.getLong("index"), "proofs come in the order asked");
      JsonObject single = api.get("anna.bvc", "/api/sharing-log/proof/inclusion?index=" + index + "&size=" + size).json();
      assertEquals(single.getJsonArray("hashes"), proof.getJsonArray("hashes"));
      assertTrue(Rfc9162Verifier.verifyInclusion(index, size,
          Rfc9162Verifier.hashLeaf(entry.getString("canonical").getBytes(StandardCharsets.UTF_8)), hashes(proof), root));
    }
    assertEquals(400, api.post("anna.bvc", "/api/sharing-log/proof/inclusions",
        new JsonObject().put("size", size).put("indexes", new JsonArray().add(size))).status(), "an index outside the tree");
  }

  @Test
  void logIndexesShouldBeGapFreeUnderConcurrentDisclosures(TestStack stack) throws Exception {
    Api api = new Api(stack);
    String child = api.registerChild("anna.bvc").getString("id");
    String consent = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo", "polisen"), List.of());
    List<Thread> threads = new ArrayList<>();
    List<Http.Response> results = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 12; i++) {
      int n = i;
      threads.add(Thread.ofVirtual().start(() -> results.add(api.post("anna.bvc", "/api/children/" + child + "/sharing-log",
          new JsonObject().put("what", "Delning " + n)
              .put("recipients", new JsonObject().put("persons", new JsonArray()).put("organisations", new JsonArray().add("vaxjo")))
              .put("purpose", "Samverkan").put("legalBasis", new JsonObject().put("type", "CONSENT").put("consentId", consent))
              .put("familyNotified", true)))));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertTrue(results.stream().allMatch(r -> r.status() == 201), results.toString());
    JsonObject checkpoint = verifiedCheckpoint(api, "anna.bvc");
    long size = checkpoint.getLong("treeSize");
    try (var c = stack.jdbc(); var s = c.createStatement();
         var rs = s.executeQuery("SELECT count(*), min(log_index), max(log_index) FROM sharing_log_entry")) {
      rs.next();
      assertEquals(size, rs.getLong(1));
      assertEquals(0, rs.getLong(2));
      assertEquals(size - 1, rs.getLong(3));
    }
  }

  @Test
  void proofsBeyondTheLogShouldBeRefusedAs400(TestStack stack) {
    Api api = new Api(stack);
    long size = api.get("anna.bvc", "/api/sharing-log/checkpoint").json().getLong("treeSize");
    assertEquals(400, api.get("anna.bvc", "/api/sharing-log/proof/inclusion?index=" + size + "&size=" + (size + 5)).status());
    assertEquals(400, api.get("anna.bvc", "/api/sharing-log/proof/consistency?from=5&to=2").status());
    assertEquals(400, api.get("anna.bvc", "/api/sharing-log/proof/inclusion?index=-1&size=2").status());
  }
}
