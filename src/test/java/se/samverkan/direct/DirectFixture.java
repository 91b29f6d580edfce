package se.samverkan.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import se.samverkan.testing.Api;
import se.samverkan.testing.Http;

/**
 * The set-up of the direct-message stack tests, through the REST API only: a child with a consent
 * and a team, a conversation between anna and erik, sends and reads. Shared by the tests of the
 * stored messages and of the live frames, so both start from the same situation.
 */
final class DirectFixture {

  /** The users the tests give devices to; their devices are removed after each test. */
  static final List<String> USERS = List.of("anna.bvc", "erik.rektor", "maria.polis", "lars.soc");

  /** A child registered by anna and the consent that covers erik (vaxjo) and maria (polisen). */
  record Team(String child, String consent) {
    Team {
      Objects.requireNonNull(child, "child");
      Objects.requireNonNull(consent, "consent");
    }
  }

  private final Api api;

  DirectFixture(Api api) {
    this.api = api;
  }

  /** Removes every active device of the tests' users, so that tests sharing the stack stay under the cap. */
  void removeDevices() {
    for (String u : USERS) {
      Sealer.removeAll(api, u);
    }
  }

  /** A child with anna (ChildContact), erik and maria (members) under one consent. */
  Team team() {
    String child = api.registerChild("anna.bvc").getString("id");
    String consent = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo", "polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    api.addMemberOk("anna.bvc", child, "maria.polis");
    return new Team(child, consent);
  }

  Http.Response start(String user, String child, String with) {
    return api.post(user, "/api/children/" + child + "/conversations", new JsonObject().put("with", with));
  }

  /** The conversation of anna and erik about the child (opened now or already open). */
  String conversation(String child) {
    Http.Response r = start("anna.bvc", child, "erik.rektor");
    assertTrue(r.status() == 201 || r.status() == 200, r.toString());
    return r.json().getString("id");
  }

  /** Registers a device with this public key (base64url); returns the id the server gave it. */
  String registerDevice(String user, String publicKey, String label) {
    Http.Response r = api.post(user, "/api/devices", new JsonObject().put("publicKey", publicKey).put("label", label));
    if (r.status() != 201) {
      throw new AssertionError("registering a device for " + user + ": " + r);
    }
    return r.json().getString("id");
  }

  /** Every active device of {@code users} as {@code asUser} sees them: {id, publicKey, ...}. */
  List<JsonObject> devicesOf(String asUser, List<String> users) {
    return users.stream().flatMap(u -> {
      Http.Response r = api.get(asUser, "/api/users/" + u + "/devices");
      assertEquals(200, r.status(), r.toString());
      return r.json().getJsonArray("devices").stream().map(JsonObject.class::cast);
    }).toList();
  }

  Http.Response send(String user, String conversation, JsonObject body) {
    return api.post(user, "/api/conversations/" + conversation + "/messages", body);
  }

  /** Sends {@code text} from {@code from} sealed to every device of anna and erik; returns the answer. */
  Http.Response sendToAll(Sealer.Device from, String conversation, String clientId, String text) {
    JsonArray copies = Sealer.copiesForAll(api, from.owner(), List.of("anna.bvc", "erik.rektor"), conversation, clientId,
        from.id(), text);
    return send(from.owner(), conversation, Sealer.send(clientId, from.id(), copies));
  }

  JsonArray messages(String user, String conversation, String deviceId) {
    Http.Response r = api.get(user, "/api/conversations/" + conversation + "/messages?deviceId=" + deviceId);
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonArray("messages");
  }
}
