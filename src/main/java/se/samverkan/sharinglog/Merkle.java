package se.samverkan.sharinglog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing and proofs over a store of perfect-subtree hashes.
 * A node (level L, index i) is the hash of leaves [i·2^L, (i+1)·2^L); level 0 holds leaf hashes.
 * Every subtree the RFC's recursion visits is either such a node or splits into them, so roots and
 * proofs need O(log² n) stored nodes, never the whole tree. The algorithms first name the nodes
 * they need ({@link #nodesForRoot} etc.), so a repository can fetch them in one query.
 */
public final class Merkle {

  public record Node(int level, long index) {
  }

  /** Stored node hashes by position. */
  public interface Nodes {
    byte[] get(Node node);

    static Nodes of(Map<Node, byte[]> map) {
      return node -> {
        byte[] h = map.get(node);
        if (h == null) {
          throw new IllegalStateException("missing Merkle node " + node);
        }
        return h;
      };
    }
  }

  private Merkle() {
  }

  public static byte[] leafHash(byte[] entry) {
    MessageDigest d = sha256();
    d.update((byte) 0x00);
    d.update(entry);
    return d.digest();
  }

  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest d = sha256();
    d.update((byte) 0x01);
    d.update(left);
    d.update(right);
    return d.digest();
  }

  public static byte[] emptyRoot() {
    return sha256().digest();
  }

  /** The largest power of two strictly smaller than n (n ≥ 2). */
  static long split(long n) {
    return Long.highestOneBit(n - 1);
  }

  /** MTH(D[start : start+n]). */
  static byte[] subtree(long start, long n, Nodes nodes) {
    if (Long.bitCount(n) == 1 && start % n == 0) {
      return nodes.get(new Node(Long.numberOfTrailingZeros(n), start / n));
    }
    long k = split(n);
    return nodeHash(subtree(start, k, nodes), subtree(start + k, n - k, nodes));
  }

  public static byte[] root(long size, Nodes nodes) {
    return size == 0 ? emptyRoot() : subtree(0, size, nodes);
  }

  /** RFC 9162 §2.1.3.1: inclusion proof for leaf {@code index} in a tree of {@code size}, leaf to root. */
  public static List<byte[]> inclusionProof(long index, long size, Nodes nodes) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("index " + index + " is not in a tree of size " + size);
    }
    List<byte[]> proof = new ArrayList<>();
    path(index, 0, size, nodes, proof);
    return proof;
  }

  private static void path(long m, long start, long n, Nodes nodes, List<byte[]> out) {
    if (n == 1) {
      return;
    }
    long k = split(n);
    if (m < k) {
      path(m, start, k, nodes, out);
      out.add(subtree(start + k, n - k, nodes));
    } else {
      path(m - k, start + k, n - k, nodes, out);
      out.add(subtree(start, k, nodes));
    }
  }

  /** RFC 9162 §2.1.4.1: consistency proof between tree sizes {@code from} ≤ {@code to}. */
  public static List<byte[]> consistencyProof(long from, long to, Nodes nodes) {
    if (from < 1 || from > to) {
      throw new IllegalArgumentException("no consistency proof from " + from + " to " + to);
    }
    List<byte[]> proof = new ArrayList<>();
    if (from < to) {
      subproof(from, 0, to, true, nodes, proof);
    }
    return proof;
  }

  private static void subproof(long m, long start, long n, boolean whole, Nodes nodes, List<byte[]> out) {
    if (m == n) {
      if (!whole) {
        out.add(subtree(start, n, nodes));
      }
      return;
    }
    long k = split(n);
    if (m <= k) {
      subproof(m, start, k, whole, nodes, out);
      out.add(subtree(start + k, n - k, nodes));
    } else {
      subproof(m - k, start + k, n - k, false, nodes, out);
      out.add(subtree(start, k, nodes));
    }
  }

  /** Records which stored nodes a computation reads; the control flow never depends on hash values. */
  private static final class Recorder implements Nodes {
    final Set<Node> needed = new LinkedHashSet<>();

    @Override
    public byte[] get(Node node) {
      needed.add(node);
      return new byte[32];
    }
  }

  public static Set<Node> nodesForRoot(long size) {
    Recorder r = new Recorder();
    root(size, r);
    return r.needed;
  }

  public static Set<Node> nodesForInclusion(long index, long size) {
    Recorder r = new Recorder();
    inclusionProof(index, size, r);
    return r.needed;
  }

  public static Set<Node> nodesForConsistency(long from, long to) {
    Recorder r = new Recorder();
    consistencyProof(from, to, r);
    return r.needed;
  }

  /**
   * The nodes that appending leaf {@code index} completes: (level, position) pairs whose left
   * siblings must be read. For each trailing 1-bit of the index a parent becomes complete.
   */
  public static List<Node> leftSiblingsForAppend(long index) {
    List<Node> siblings = new ArrayList<>();
    long i = index;
    int level = 0;
    while ((i & 1) == 1) {
      siblings.add(new Node(level, i - 1));
      i >>= 1;
      level++;
    }
    return siblings;
  }

  /**
   * The new nodes for appending a leaf: the leaf itself and every parent it completes.
   *
   * @param siblings hashes of {@link #leftSiblingsForAppend(long)}, in that order
   */
  public static List<Map.Entry<Node, byte[]>> append(long index, byte[] leafHash, List<byte[]> siblings) {
    List<Map.Entry<Node, byte[]>> created = new ArrayList<>();
    created.add(Map.entry(new Node(0, index), leafHash));
    byte[] current = leafHash;
    long i = index;
    int level = 0;
    for (byte[] left : siblings) {
      current = nodeHash(left, current);
      i >>= 1;
      level++;
      created.add(Map.entry(new Node(level, i), current));
    }
    return created;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
