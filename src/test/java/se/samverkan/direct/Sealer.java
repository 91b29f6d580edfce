package se.samverkan.direct;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import se.samverkan.testing.Api;
import se.samverkan.testing.Http;
import se.samverkan.testing.TestStack;

/**
 * A client device of the tests: an HPKE key pair of the contract's suite (DHKEM(P-256),
 * HKDF-SHA256, AES-128-GCM), registered through the API, sealing and opening copies with the
 * contract's info and aad. Shares no code with the server.
 */
public final class Sealer {

  static final byte[] INFO = "samverkan-direct-v1".getBytes(StandardCharsets.UTF_8);
  /**
   * A new HPKE per use: Bouncy Castle's keeps digest state and is not safe to share between threads (the
   * concurrent-send test seals from several threads; decision 93).
   */
  private static HPKE suite() {
    return new HPKE(HPKE.mode_base, HPKE.kem_P256_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM128);
  }

  /** A registered device: its owner, the id the server gave it, its key pair. */
  public record Device(String owner, String id, AsymmetricCipherKeyPair keys) {
    public String publicKey() {
      return b64(suite().serializePublicKey(keys.getPublic()));
    }
  }

  private Sealer() {
  }

  public static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static byte[] unb64(String text) {
    return Base64.getUrlDecoder().decode(text);
  }

  /** A fresh key pair's public key, base64url, not registered. */
  public static String freshPublicKey() {
    return b64(suite().serializePublicKey(suite().generatePrivateKey().getPublic()));
  }

  public static Device register(Api api, String user, String label) {
    AsymmetricCipherKeyPair keys = suite().generatePrivateKey();
    Http.Response r = api.post(user, "/api/devices",
        new JsonObject().put("publicKey", b64(suite().serializePublicKey(keys.getPublic()))).put("label", label));
    if (r.status() != 201) {
      throw new AssertionError("registering a device for " + user + ": " + r);
    }
    return new Device(user, r.json().getString("id"), keys);
  }

  /** Removes every active device of the user, so that tests sharing the stack stay under the cap. */
  public static void removeAll(Api api, String user) {
    for (Object d : api.get(user, "/api/devices").json().getJsonArray("devices")) {
      api.delete(user, "/api/devices/" + ((JsonObject) d).getString("id"));
    }
  }

  public static String aad(String conversationId, String clientId, String senderDeviceId) {
    return conversationId + "|" + clientId + "|" + senderDeviceId;
  }

  /** One copy {deviceId, enc, ciphertext} of {@code {"text": text}} for the device with this public key. */
  public static JsonObject seal(String deviceId, String publicKey, String aad, String text) {
    try {
      byte[] plaintext = new JsonObject().put("text", text).encode().getBytes(StandardCharsets.UTF_8);
      HPKE suite = suite();
      byte[][] sealed = suite.seal(suite.deserializePublicKey(unb64(publicKey)), INFO, aad.getBytes(StandardCharsets.UTF_8),
          plaintext, null, null, null);
      byte[] ct = sealed[0];
      byte[] enc = sealed[1];
      if (enc.length != 65) {
        throw new AssertionError("expected [ciphertext, enc] from HPKE.seal");
      }
      return new JsonObject().put("deviceId", deviceId).put("enc", b64(enc)).put("ciphertext", b64(ct));
    } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text of a copy sealed to {@code device}. */
  public static String open(Device device, String enc, String ciphertext, String aad) {
    try {
      byte[] plaintext = suite().open(unb64(enc), device.keys(), INFO, aad.getBytes(StandardCharsets.UTF_8), unb64(ciphertext),
          null, null, null);
      return new JsonObject(new String(plaintext, StandardCharsets.UTF_8)).getString("text");
    } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
      throw new AssertionError("copy does not open", e);
    }
  }

  /** Copies for every device of {@code users} as {@code asUser} sees them (GET /users/{u}/devices), but the sender's. */
  public static JsonArray copiesForAll(Api api, String asUser, List<String> users, String conversationId, String clientId,
      String senderDeviceId, String text) {
    JsonArray copies = new JsonArray();
    String aad = aad(conversationId, clientId, senderDeviceId);
    for (String u : users) {
      for (Object o : api.get(asUser, "/api/users/" + u + "/devices").json().getJsonArray("devices")) {
        JsonObject d = (JsonObject) o;
        if (!d.getString("id").equals(senderDeviceId)) {
          copies.add(seal(d.getString("id"), d.getString("publicKey"), aad, text));
        }
      }
    }
    return copies;
  }

  public static JsonObject send(String clientId, String senderDeviceId, JsonArray copies) {
    return new JsonObject().put("clientId", clientId).put("senderDeviceId", senderDeviceId).put("copies", copies);
  }

  public static Http.Response put(TestStack stack, String user, String path) {
    return stack.http().send("PUT", path, Map.of("Authorization", "Bearer " + stack.token(user)), null);
  }
}
