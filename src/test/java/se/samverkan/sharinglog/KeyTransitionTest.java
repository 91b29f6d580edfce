package se.samverkan.sharinglog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The key transition note and the key fingerprint, byte for byte: the same vector is checked by the
 * web client's unit tests (web-client/src/verify/verify.test.ts, SERVER_TRANSITION), so server and browser agree.
 */
class KeyTransitionTest {

  private static final HexFormat HEX = HexFormat.of();

  private static SignedNote key(String name, String seedByte, String publicKeyHex) throws Exception {
    return new SignedNote(name,
        SignedNote.privateKeyFromPkcs8(HEX.parseHex("302e020100300506032b657004220420" + seedByte.repeat(32))),
        HEX.parseHex(publicKeyHex));
  }

  @Test
  void aTransitionShouldBeSignedByTheOldKeyThenTheNewInTheFormTheBrowserChecks() throws Exception {
    SignedNote old = key("samverkan.test/sharing-log", "01", "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c");
    SignedNote next = key("flyttad.example/sharing-log", "02", "8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394");
    assertEquals("""
        samverkan sharing-log key transition v1
        old-origin samverkan.test/sharing-log
        old-key samverkan.test/sharing-log+c61984b6+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c
        new-origin flyttad.example/sharing-log
        new-key flyttad.example/sharing-log+c3b39e96+AYE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOU

        \u2014 samverkan.test/sharing-log xhmEtpleTBREmi8eMftcolEPEG007AUT4Di8ZFrcH6j0y/XPIHapwwuXxHlsmbkxlENnMJLpfhpb3/rnaCbPJikJeQw=
        \u2014 flyttad.example/sharing-log w7OeluLmw33sYIbq3feyWnHk3tD1/rILj/Jd9MfPY/MbtxD0c5LO0e2mn8BZ8yJtLNnVir3gwHjQaDzM3T/0V96WpwU=
        """, KeyTransition.announce(old, old.keyName(), next, next.keyName()));
    assertEquals("3475 0f98 bd59 fcfc 946d a45a aabe 933b e154 a4b5 094e 1c4a bf42 8665 05f3 c97e", old.fingerprint());
  }

  @Test
  void aTransitionShouldChangeSomethingAndHoldNoControlCharacters() throws Exception {
    SignedNote old = key("a/sharing-log", "01", "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c");
    assertThrows(IllegalArgumentException.class, () -> KeyTransition.announce(old, "a/sharing-log", old, "a/sharing-log"));
    assertThrows(IllegalArgumentException.class,
        () -> new KeyTransition("a", old.verifierKey(), "b\nold-key x", old.verifierKey()));
  }
}
