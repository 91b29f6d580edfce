package se.samverkan.sharinglog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SignedNoteTest {

  @Test
  void checkpointShouldBeSignedAsAC2spNoteThatVerifiesWithThePublicKey() throws Exception {
    KeyPair pair = SignedNote.generate();
    SignedNote signer = new SignedNote("samverkan.example/sharing-log", pair.getPrivate(), SignedNote.rawPublicKey(pair.getPublic()));
    byte[] root = new byte[32];
    Arrays.fill(root, (byte) 7);
    String body = SignedNote.checkpointBody("samverkan.example/sharing-log", 42, root);
    String note = signer.sign(body);

    assertTrue(note.startsWith("samverkan.example/sharing-log\n42\n" + Base64.getEncoder().encodeToString(root) + "\n\n\u2014 samverkan.example/sharing-log "), note);
    String sigLine = note.substring(body.length() + 1);
    String b64 = sigLine.substring(sigLine.lastIndexOf(' ') + 1).trim();
    byte[] decoded = Base64.getDecoder().decode(b64);
    assertEquals(68, decoded.length);

    byte[] raw = SignedNote.rawPublicKey(pair.getPublic());
    java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
    d.update(("samverkan.example/sharing-log\n").getBytes(StandardCharsets.UTF_8));
    d.update((byte) 1);
    d.update(raw);
    assertEquals(Base64.getEncoder().encodeToString(Arrays.copyOf(d.digest(), 4)),
        Base64.getEncoder().encodeToString(Arrays.copyOf(decoded, 4)), "key hash");

    Signature verify = Signature.getInstance("Ed25519");
    verify.initVerify(SignedNote.publicKeyFromRaw(raw));
    verify.update(body.getBytes(StandardCharsets.UTF_8));
    assertTrue(verify.verify(Arrays.copyOfRange(decoded, 4, 68)));

    Signature tampered = Signature.getInstance("Ed25519");
    tampered.initVerify(SignedNote.publicKeyFromRaw(raw));
    tampered.update(body.replace("\n42\n", "\n41\n").getBytes(StandardCharsets.UTF_8));
    assertFalse(tampered.verify(Arrays.copyOfRange(decoded, 4, 68)));

    assertTrue(signer.verifierKey().startsWith("samverkan.example/sharing-log+"), signer.verifierKey());
  }

  /** The example of the C2SP signed-note specification (and of Go's golang.org/x/mod/sumdb/note tests). */
  @Test
  void signingShouldReproduceThePublishedExampleNote() throws Exception {
    byte[] typedSeed = Base64.getDecoder().decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz");
    byte[] typedPublic = Base64.getDecoder().decode("ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
    assertEquals(1, typedSeed[0], "Ed25519 key type");
    byte[] pkcs8 = java.util.HexFormat.of().parseHex("302e020100300506032b657004220420");
    byte[] encoded = Arrays.copyOf(pkcs8, pkcs8.length + 32);
    System.arraycopy(typedSeed, 1, encoded, pkcs8.length, 32);
    SignedNote signer = new SignedNote("PeterNeumann", SignedNote.privateKeyFromPkcs8(encoded),
        Arrays.copyOfRange(typedPublic, 1, 33));

    assertEquals("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", signer.verifierKey());
    String text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    assertEquals(text + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
        signer.sign(text));
  }
}
