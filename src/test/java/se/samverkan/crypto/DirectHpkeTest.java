package se.samverkan.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.junit.jupiter.api.Test;

/**
 * The direct messages' HPKE suite reproduces RFC 9180's test vector A.3.1 (DHKEM(P-256, HKDF-SHA256),
 * HKDF-SHA256, AES-128-GCM, base mode; values copied from draft-irtf-cfrg-hpke.md of
 * github.com/cfrg/draft-irtf-cfrg-hpke, wrapped as there), and seals and opens with the contract's
 * info and aad, refusing a wrong aad, a wrong key and an altered copy.
 */
class DirectHpkeTest {

  private static final HexFormat HEX = HexFormat.of();

  // RFC 9180 A.3.1, "Base Setup Information".
  private static final byte[] INFO = hex("4f6465206f6e2061204772656369616e2055726e");
  private static final byte[] IKM_E = hex("4270e54ffd08d79d5928020af4686d8f6b7d35dbe470265f1f5aa22816ce860e");
  private static final byte[] PK_EM = hex("04a92719c6195d5085104f469a8b9814d5838ff72b60501e2c4466e5e67b32"
      + "5ac98536d7b61a1af4b78e5b7f951c0900be863c403ce65c9bfcb9382657222d18c4");
  private static final byte[] IKM_R = hex("668b37171f1072f3cf12ea8a236a45df23fc13b82af3609ad1e354f6ef817550");
  private static final byte[] PK_RM = hex("04fe8c19ce0905191ebc298a9245792531f26f0cece2460639e8bc39cb7f70"
      + "6a826a779b4cf969b8a0e539c7f62fb3d30ad6aa8f80e30f1d128aafd68a2ce72ea0");
  private static final byte[] ENC = hex("04a92719c6195d5085104f469a8b9814d5838ff72b60501e2c4466e5e67b325"
      + "ac98536d7b61a1af4b78e5b7f951c0900be863c403ce65c9bfcb9382657222d18c4");
  private static final byte[] EXPORTED_EMPTY_CONTEXT_32 =
      hex("5e9bc3d236e1911d95e65b576a8a86d478fb827e8bdfe77b741b289890490d4d");

  // "Encryptions": sequence numbers 0, 1, 2 (the same pt each time).
  private static final byte[] PT = hex("4265617574792069732074727574682c20747275746820626561757479");
  private static final byte[][] AAD = {hex("436f756e742d30"), hex("436f756e742d31"), hex("436f756e742d32")};
  private static final byte[][] CT = {
      hex("5ad590bb8baa577f8619db35a36311226a896e7342a6d836d8b7bcd2f20b6c7f"
          + "9076ac232e3ab2523f39513434"),
      hex("fa6f037b47fc21826b610172ca9637e82d6e5801eb31cbd3748271affd4ecb06"
          + "646e0329cbdf3c3cd655b28e82"),
      hex("895cabfac50ce6c6eb02ffe6c048bf53b7f7be9a91fc559402cbc5b8dcaeb52b"
          + "2ccc93e466c28fb55fed7a7fec")};

  private static byte[] hex(String s) {
    return HEX.parseHex(s);
  }

  @Test
  void theKeyPairsDerivedFromTheVectorsIkmShouldBeTheVectorsKeys() {
    assertEquals(HEX.formatHex(PK_EM), HEX.formatHex(DirectHpke.deriveKeyPair(IKM_E).publicKey()));
    assertEquals(HEX.formatHex(PK_RM), HEX.formatHex(DirectHpke.deriveKeyPair(IKM_R).publicKey()));
  }

  @Test
  void sealingWithTheVectorsEphemeralKeyShouldGiveItsEncAndFirstCiphertext() {
    DirectHpke.Sealed sealed = DirectHpke.seal(PK_RM, INFO, AAD[0], PT, DirectHpke.deriveKeyPair(IKM_E));

    assertEquals(HEX.formatHex(ENC), HEX.formatHex(sealed.enc()));
    assertEquals(HEX.formatHex(CT[0]), HEX.formatHex(sealed.ciphertext()));
  }

  @Test
  void theSuitesContextShouldGiveTheVectorsCiphertextsForSequenceNumbersZeroToTwo() throws Exception {
    HPKEContextWithEncapsulation sender = DirectHpke.suite()
        .setupBaseS(DirectHpke.suite().deserializePublicKey(PK_RM), INFO, DirectHpke.deriveKeyPair(IKM_E).pair());
    HPKEContext recipient = DirectHpke.suite().setupBaseR(ENC, DirectHpke.deriveKeyPair(IKM_R).pair(), INFO);

    assertArrayEquals(ENC, sender.getEncapsulation());
    for (int seq = 0; seq < CT.length; seq++) {
      assertEquals(HEX.formatHex(CT[seq]), HEX.formatHex(sender.seal(AAD[seq], PT)), "ct of sequence number " + seq);
      assertArrayEquals(PT, recipient.open(AAD[seq], CT[seq]), "pt of sequence number " + seq);
    }
    assertArrayEquals(EXPORTED_EMPTY_CONTEXT_32, sender.export(new byte[0], 32));
  }

  @Test
  void theVectorsFirstCiphertextShouldOpenWithTheDerivedRecipientKey() {
    assertArrayEquals(PT, DirectHpke.open(DirectHpke.deriveKeyPair(IKM_R), INFO, ENC, AAD[0], CT[0]));
  }

  @Test
  void aCopySealedWithTheContractsInfoShouldOpenWithTheSameAad() {
    DirectHpke.KeyPair device = DirectHpke.generateKeyPair();
    byte[] aad = aad();
    byte[] plaintext = "{\"text\":\"Hej Erik, kan vi ses på tisdag?\"}".getBytes(StandardCharsets.UTF_8);

    DirectHpke.Sealed sealed = DirectHpke.seal(device.publicKey(), aad, plaintext);

    assertEquals(DirectHpke.POINT_LENGTH, sealed.enc().length);
    assertEquals(plaintext.length + 16, sealed.ciphertext().length);
    assertArrayEquals(plaintext, DirectHpke.open(device, sealed.enc(), aad, sealed.ciphertext()));
  }

  @Test
  void aCopyShouldNotOpenWithTheVectorsInfoInsteadOfTheContracts() {
    DirectHpke.KeyPair device = DirectHpke.generateKeyPair();
    DirectHpke.Sealed sealed = DirectHpke.seal(device.publicKey(), aad(), PT);

    DirectHpke.HpkeException e = assertThrows(DirectHpke.HpkeException.class,
        () -> DirectHpke.open(device, INFO, sealed.enc(), aad(), sealed.ciphertext()));
    assertEquals(DirectHpke.FailureReason.AUTHENTICATION_FAILED, e.reason());
  }

  @Test
  void aCopyShouldNotOpenWithAnotherAad() {
    DirectHpke.KeyPair device = DirectHpke.generateKeyPair();
    String conversation = UUID.randomUUID().toString();
    String sender = UUID.randomUUID().toString();
    DirectHpke.Sealed sealed = DirectHpke.seal(device.publicKey(), DirectHpke.aad(conversation, "c-1", sender), PT);

    DirectHpke.HpkeException e = assertThrows(DirectHpke.HpkeException.class, () -> DirectHpke.open(device,
        sealed.enc(), DirectHpke.aad(conversation, "c-2", sender), sealed.ciphertext()));
    assertEquals(DirectHpke.FailureReason.AUTHENTICATION_FAILED, e.reason());
  }

  @Test
  void aCopyShouldNotOpenWithAnotherDevicesKey() {
    DirectHpke.KeyPair device = DirectHpke.generateKeyPair();
    DirectHpke.Sealed sealed = DirectHpke.seal(device.publicKey(), aad(), PT);

    DirectHpke.HpkeException e = assertThrows(DirectHpke.HpkeException.class,
        () -> DirectHpke.open(DirectHpke.generateKeyPair(), sealed.enc(), aad(), sealed.ciphertext()));
    assertEquals(DirectHpke.FailureReason.AUTHENTICATION_FAILED, e.reason());
  }

  @Test
  void anAlteredCiphertextShouldNotOpen() {
    DirectHpke.KeyPair device = DirectHpke.generateKeyPair();
    byte[] aad = aad();
    DirectHpke.Sealed sealed = DirectHpke.seal(device.publicKey(), aad, PT);
    byte[] altered = sealed.ciphertext();
    altered[3] ^= 1;

    assertThrows(DirectHpke.HpkeException.class, () -> DirectHpke.open(device, sealed.enc(), aad, altered));
  }

  @Test
  void aPublicKeyOffTheCurveOrNotUncompressedShouldBeRefused() {
    byte[] offCurve = PK_RM.clone();
    offCurve[64] ^= 1;
    byte[] compressed = new byte[33];
    compressed[0] = 0x02;

    assertTrue(DirectHpke.isValidPublicKey(PK_RM));
    assertFalse(DirectHpke.isValidPublicKey(offCurve));
    assertFalse(DirectHpke.isValidPublicKey(compressed));
    assertFalse(DirectHpke.isValidPublicKey(new byte[65]));
    DirectHpke.HpkeException e = assertThrows(DirectHpke.HpkeException.class, () -> DirectHpke.seal(offCurve, aad(), PT));
    assertEquals(DirectHpke.FailureReason.INVALID_PUBLIC_KEY, e.reason());
  }

  @Test
  void anEncThatIsNotAPointShouldBeRefusedAsSuch() {
    DirectHpke.KeyPair device = DirectHpke.generateKeyPair();
    DirectHpke.Sealed sealed = DirectHpke.seal(device.publicKey(), aad(), PT);

    DirectHpke.HpkeException e = assertThrows(DirectHpke.HpkeException.class,
        () -> DirectHpke.open(device, new byte[65], aad(), sealed.ciphertext()));
    assertEquals(DirectHpke.FailureReason.INVALID_ENC, e.reason());
  }

  @Test
  void theAadShouldBeTheThreeIdsJoinedByBars() {
    assertEquals("0b6c7e0e-1a2b-4c3d-8e9f-000000000001|klient-7|0b6c7e0e-1a2b-4c3d-8e9f-000000000002",
        new String(DirectHpke.aad("0b6c7e0e-1a2b-4c3d-8e9f-000000000001", "klient-7",
            "0b6c7e0e-1a2b-4c3d-8e9f-000000000002"), StandardCharsets.UTF_8));
  }

  @Test
  void base64urlShouldHaveNoPaddingAndTheUrlAlphabet() {
    byte[] bytes = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x01};

    assertEquals("-_-_AQ", DirectHpke.base64url(bytes));
    assertArrayEquals(bytes, DirectHpke.fromBase64url("-_-_AQ"));
    assertEquals(87, DirectHpke.generateKeyPair().publicKeyBase64url().length());
    assertThrows(IllegalArgumentException.class, () -> DirectHpke.fromBase64url("+/+/AQ"));
  }

  @Test
  void aKeyPairsTextShouldShowOnlyThePublicKey() {
    DirectHpke.KeyPair device = DirectHpke.deriveKeyPair(IKM_R);

    assertEquals("DirectHpke.KeyPair[publicKey=" + DirectHpke.base64url(PK_RM) + "]", device.toString());
  }

  private static byte[] aad() {
    return DirectHpke.aad("7d0b6a9e-2f5c-4c1a-9d3e-5b8f0a1c2d3e", "c-1", "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9");
  }
}
