package se.samverkan.sharinglog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The server's tree against the published RFC 6962 vectors and an independent RFC 9162 verifier. */
class MerkleTest {

  private static JsonObject vectors;
  private static final HexFormat HEX = HexFormat.of();

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = MerkleTest.class.getClassLoader().getResourceAsStream("rfc6962-test-vectors.json")) {
      vectors = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Builds the stored nodes exactly as the repository does: one append at a time. */
  static Map<Merkle.Node, byte[]> build(List<byte[]> leafHashes) {
    Map<Merkle.Node, byte[]> nodes = new HashMap<>();
    for (int i = 0; i < leafHashes.size(); i++) {
      List<byte[]> siblings = new ArrayList<>();
      for (Merkle.Node n : Merkle.leftSiblingsForAppend(i)) {
        siblings.add(nodes.get(n));
      }
      for (Map.Entry<Merkle.Node, byte[]> e : Merkle.append(i, leafHashes.get(i), siblings)) {
        nodes.put(e.getKey(), e.getValue());
      }
    }
    return nodes;
  }

  private static List<byte[]> vectorLeafHashes() {
    List<byte[]> hashes = new ArrayList<>();
    for (Object leaf : vectors.getJsonArray("leaves")) {
      hashes.add(Merkle.leafHash(HEX.parseHex((String) leaf)));
    }
    return hashes;
  }

  private static List<byte[]> hexList(JsonArray array) {
    List<byte[]> out = new ArrayList<>();
    array.forEach(h -> out.add(HEX.parseHex((String) h)));
    return out;
  }

  @Test
  void rootsShouldMatchThePublishedVectorsForEverySize() {
    List<byte[]> leaves = vectorLeafHashes();
    assertArrayEquals(HEX.parseHex(vectors.getString("emptyRoot")), Merkle.root(0, Merkle.Nodes.of(Map.of())));
    for (int size = 1; size <= leaves.size(); size++) {
      Map<Merkle.Node, byte[]> nodes = build(leaves.subList(0, size));
      assertEquals(vectors.getJsonArray("roots").getString(size - 1),
          HEX.formatHex(Merkle.root(size, Merkle.Nodes.of(nodes))), "root of size " + size);
    }
  }

  @Test
  void inclusionProofsShouldMatchThePublishedVectors() {
    Map<Merkle.Node, byte[]> nodes = build(vectorLeafHashes());
    for (Object o : vectors.getJsonArray("inclusion")) {
      JsonObject v = (JsonObject) o;
      List<byte[]> proof = Merkle.inclusionProof(v.getLong("index"), v.getLong("size"), Merkle.Nodes.of(nodes));
      assertEquals(v.getJsonArray("proof").getList(), proof.stream().map(HEX::formatHex).toList(), v.encode());
    }
  }

  @Test
  void consistencyProofsShouldMatchThePublishedVectors() {
    Map<Merkle.Node, byte[]> nodes = build(vectorLeafHashes());
    for (Object o : vectors.getJsonArray("consistency")) {
      JsonObject v = (JsonObject) o;
      List<byte[]> proof = Merkle.consistencyProof(v.getLong("from"), v.getLong("to"), Merkle.Nodes.of(nodes));
      assertEquals(v.getJsonArray("proof").getList(), proof.stream().map(HEX::formatHex).toList(), v.encode());
    }
  }

  @Test
  void theIndependentVerifierShouldAcceptThePublishedProofsAndRejectAlteredOnes() {
    List<byte[]> leaves = vectorLeafHashes();
    List<byte[]> roots = hexList(vectors.getJsonArray("roots"));
    for (Object o : vectors.getJsonArray("inclusion")) {
      JsonObject v = (JsonObject) o;
      int index = v.getInteger("index");
      int size = v.getInteger("size");
      List<byte[]> proof = hexList(v.getJsonArray("proof"));
      byte[] root = roots.get(size - 1);
      assertTrue(Rfc9162Verifier.verifyInclusion(index, size, leaves.get(index), proof, root), v.encode());
      assertFalse(Rfc9162Verifier.verifyInclusion(index, size, Merkle.leafHash("changed".getBytes()), proof, root));
      if (!proof.isEmpty()) {
        List<byte[]> flipped = new ArrayList<>(proof);
        byte[] first = flipped.get(0).clone();
        first[0] ^= 8;
        flipped.set(0, first);
        assertFalse(Rfc9162Verifier.verifyInclusion(index, size, leaves.get(index), flipped, root));
        assertFalse(Rfc9162Verifier.verifyInclusion(index + 1 < size ? index + 1 : index - 1, size, leaves.get(index), proof, root));
      }
    }
    for (Object o : vectors.getJsonArray("consistency")) {
      JsonObject v = (JsonObject) o;
      int from = v.getInteger("from");
      int to = v.getInteger("to");
      List<byte[]> proof = hexList(v.getJsonArray("proof"));
      assertTrue(Rfc9162Verifier.verifyConsistency(from, to, roots.get(from - 1), roots.get(to - 1), proof), v.encode());
      if (from != to) {
        assertFalse(Rfc9162Verifier.verifyConsistency(from, to, roots.get(to - 1), roots.get(from - 1), proof));
        assertFalse(Rfc9162Verifier.verifyConsistency(from, to, roots.get(from - 1), roots.get(to - 1), proof.subList(0, proof.size() - 1)));
      }
    }
  }

  @Test
  void proofsOfLargerRandomTreesShouldVerifyIndependently() {
    Random random = new Random(42);
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      byte[] entry = new byte[random.nextInt(40)];
      random.nextBytes(entry);
      leaves.add(Merkle.leafHash(entry));
    }
    Map<Merkle.Node, byte[]> nodes = build(leaves);
    Merkle.Nodes store = Merkle.Nodes.of(nodes);
    for (int size = 1; size <= leaves.size(); size += 1 + random.nextInt(17)) {
      byte[] root = Merkle.root(size, store);
      for (int k = 0; k < 5; k++) {
        int index = random.nextInt(size);
        assertTrue(Rfc9162Verifier.verifyInclusion(index, size, leaves.get(index), Merkle.inclusionProof(index, size, store), root),
            "inclusion " + index + " in " + size);
      }
      int from = 1 + random.nextInt(size);
      byte[] fromRoot = Merkle.root(from, store);
      assertTrue(Rfc9162Verifier.verifyConsistency(from, size, fromRoot, root, Merkle.consistencyProof(from, size, store)),
          "consistency " + from + " → " + size);
    }
  }

  @Test
  void computationsShouldReadOnlyTheNodesTheyAnnounce() {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < 77; i++) {
      leaves.add(Merkle.leafHash(new byte[] {(byte) i}));
    }
    Map<Merkle.Node, byte[]> all = build(leaves);
    Map<Merkle.Node, byte[]> announced = new HashMap<>();
    Merkle.nodesForInclusion(40, 77).forEach(n -> announced.put(n, all.get(n)));
    Merkle.nodesForRoot(77).forEach(n -> announced.put(n, all.get(n)));
    Merkle.Nodes restricted = Merkle.Nodes.of(announced);
    assertTrue(Rfc9162Verifier.verifyInclusion(40, 77, leaves.get(40),
        Merkle.inclusionProof(40, 77, restricted), Merkle.root(77, restricted)));
    assertTrue(Merkle.nodesForRoot(77).size() <= 7, "a root needs one node per set bit of the size");
  }
}
