package se.samverkan.sharinglog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * An independent verifier written from RFC 9162 §2.1.3.2 and §2.1.4.2 (the bit-twiddling
 * verification algorithms), sharing no code with the server's proof generation in {@link Merkle}.
 */
public final class Rfc9162Verifier {

  private Rfc9162Verifier() {
  }

  static byte[] hashChildren(byte[] left, byte[] right) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(new byte[] {1});
      d.update(left);
      d.update(right);
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] hashLeaf(byte[] entry) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(new byte[] {0});
      d.update(entry);
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** §2.1.3.2: true iff {@code proof} proves {@code leafHash} at {@code leafIndex} under {@code root}. */
  public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
    if (leafIndex >= treeSize || leafIndex < 0) {
      return false;
    }
    long fn = leafIndex;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    for (byte[] p : proof) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = hashChildren(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = hashChildren(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(r, root);
  }

  /** §2.1.4.2: true iff {@code proof} shows the tree of {@code first} leaves is a prefix of the tree of {@code second}. */
  public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
    if (first < 1 || first > second) {
      return false;
    }
    if (first == second) {
      return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
    }
    if (proof.isEmpty()) {
      return false;
    }
    List<byte[]> path = proof;
    if (Long.bitCount(first) == 1) {
      // first is an exact power of two: prepend first_hash to the proof
      path = new java.util.ArrayList<>(proof);
      path.add(0, firstRoot);
    }
    long fn = first - 1;
    long sn = second - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    for (byte[] c : path.subList(1, path.size())) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = hashChildren(c, fr);
        sr = hashChildren(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = hashChildren(sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
  }
}
