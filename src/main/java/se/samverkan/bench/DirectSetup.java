package se.samverkan.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import se.samverkan.crypto.DirectHpke;

/**
 * The REST side of {@code bench --mode direct}: the benchmark's devices (DirectHpke key pairs
 * registered with {@code POST /api/devices}, removed again at the end; leftovers of an aborted run are
 * removed first, so that runs never reach the server's cap on devices per person), conversations
 * about a shared child and the device lists a sender seals to.
 */
final class DirectSetup {

  /** Labels of the benchmark's devices; a device of the user labelled otherwise is never touched. */
  static final String DEVICE_LABEL_PREFIX = "Belastningstest enhet ";

  private final DevServer server;
  private final Map<String, String> tokens;

  DirectSetup(DevServer server, Map<String, String> tokens) {
    this.server = server;
    this.tokens = tokens;
  }

  /** A registered device of the benchmark: the private key stays in this process. */
  record Device(String user, String id, DirectHpke.KeyPair keys) {
  }

  /** A device a sender must seal to, as {@code GET /api/users/{username}/devices} lists it. */
  record Target(String id, byte[] publicKey) {
  }

  /** Removes the user's leftover benchmark devices, then registers {@code count} new ones. */
  List<Device> registerDevices(String user, int count) throws Exception {
    removeLeftovers(user);
    List<Device> devices = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      DirectHpke.KeyPair keys = DirectHpke.generateKeyPair();
      JsonObject body = new JsonObject().put("publicKey", keys.publicKeyBase64url()).put("label", DEVICE_LABEL_PREFIX + i);
      String id = new JsonObject(server.call("POST", "/api/devices", tokens.get(user), body, 201)).getString("id");
      devices.add(new Device(user, id, keys));
    }
    return devices;
  }

  private void removeLeftovers(String user) throws Exception {
    JsonArray mine = new JsonObject(server.call("GET", "/api/devices", tokens.get(user), null, 200)).getJsonArray("devices");
    for (Object o : mine) {
      JsonObject device = (JsonObject) o;
      if (device.getString("label", "").startsWith(DEVICE_LABEL_PREFIX)) {
        server.call("DELETE", "/api/devices/" + device.getString("id"), tokens.get(user), null, 204, 404);
      }
    }
  }

  /** Best effort at the end of a run: a device left behind is removed by the next run. */
  void removeDevices(List<Device> devices) {
    for (Device d : devices) {
      try {
        server.call("DELETE", "/api/devices/" + d.id(), tokens.get(d.user()), null, 204, 404);
      } catch (Exception e) {
        // The next run's removeLeftovers takes it.
      }
    }
  }

  /** {@code user}'s conversation with {@code with} about the child: 201 new, 200 the existing one. */
  String openConversation(String childId, String user, String with) throws Exception {
    return new JsonObject(server.call("POST", "/api/children/" + childId + "/conversations", tokens.get(user),
        new JsonObject().put("with", with), 200, 201)).getString("id");
  }

  /** Every active device of {@code person} as {@code asUser} sees them (their own included). */
  List<Target> devicesOf(String asUser, String person) throws Exception {
    JsonArray listed = new JsonObject(server.call("GET", "/api/users/" + URLEncoder.encode(person, StandardCharsets.UTF_8)
        + "/devices", tokens.get(asUser), null, 200)).getJsonArray("devices");
    List<Target> targets = new ArrayList<>();
    for (Object o : listed) {
      JsonObject d = (JsonObject) o;
      targets.add(new Target(d.getString("id"), DirectHpke.fromBase64url(d.getString("publicKey"))));
    }
    return targets;
  }
}
