package se.samverkan.direct;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.People;

/**
 * The direct-message schemas of the contract, keys written once: devices, conversations, messages,
 * and the WebSocket frames published per device (a "direct" frame is the message with its type
 * and conversation added).
 */
final class DirectJson {

  private DirectJson() {
  }

  static String b64(byte[] bytes) {
    return bytes == null ? null : Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** MyDevice: {@code {id, label, fingerprint, createdAt}}. */
  static JsonObject myDevice(Device d) {
    return new JsonObject().put("id", d.id().toString()).put("label", d.label()).put("fingerprint", d.fingerprint())
        .put("createdAt", d.createdAt().toString());
  }

  static JsonObject myDevices(List<Device> devices) {
    return new JsonObject().put("devices", new JsonArray(devices.stream().map(DirectJson::myDevice).toList()));
  }

  /** UserDevice: {@code {id, publicKey, fingerprint, createdAt, verified}}. */
  static JsonObject userDevices(List<Device> devices, Set<UUID> verified) {
    return new JsonObject().put("devices", new JsonArray(devices.stream().map(d -> new JsonObject()
        .put("id", d.id().toString()).put("publicKey", d.key().base64Url()).put("fingerprint", d.fingerprint())
        .put("createdAt", d.createdAt().toString()).put("verified", verified.contains(d.id()))).toList()));
  }

  /** The "devices" extension of device-list-changed: every device a copy is required for now. */
  static List<Object> requiredDevices(List<Device> devices) {
    return devices.stream().<Object>map(d -> new JsonObject().put("id", d.id().toString()).put("owner", d.ownerUsername())
        .put("publicKey", d.key().base64Url()).put("fingerprint", d.fingerprint())).toList();
  }

  /** Conversation: {@code {id, childId, childName, with, createdAt, lastSeq, unread, open}}. */
  static JsonObject conversation(ConversationView v, Map<String, Organisation> orgs) {
    Conversation c = v.conversation();
    Conversation.Participant with = v.with();
    return new JsonObject()
        .put("id", c.id().toString())
        .put("childId", c.childId().toString())
        .put("childName", v.childName())
        .put("with", People.person(with.username(), with.name(), with.organisation(), orgs))
        .put("createdAt", c.createdAt().toString())
        .put("lastSeq", c.lastSeq())
        .put("unread", v.unread())
        .put("open", v.open());
  }

  static JsonObject conversations(List<ConversationView> views, Map<String, Organisation> orgs) {
    return new JsonObject().put("conversations", new JsonArray(views.stream().map(v -> conversation(v, orgs)).toList()));
  }

  /** SentMessage: {@code {id, seq, sentAt}}. */
  static JsonObject sent(DirectMessage m) {
    return new JsonObject().put("id", m.id().toString()).put("seq", m.seq()).put("sentAt", m.sentAt().toString());
  }

  /** DirectMessage: {@code {id, seq, clientId, sender, senderDeviceId, enc, ciphertext, sentAt}}. */
  static JsonObject message(DirectMessage m) {
    return new JsonObject()
        .put("id", m.id().toString())
        .put("seq", m.seq())
        .put("clientId", m.clientId())
        .put("sender", m.senderUsername())
        .put("senderDeviceId", m.senderDeviceId().toString())
        .put("enc", b64(m.enc()))
        .put("ciphertext", b64(m.ciphertext()))
        .put("sentAt", m.sentAt().toString());
  }

  static JsonObject page(List<DirectMessage> messages, boolean hasMore) {
    return new JsonObject().put("messages", new JsonArray(messages.stream().map(DirectJson::message).toList()))
        .put("hasMore", hasMore);
  }

  /** Frame "direct": the message with this device's copy. */
  static JsonObject directFrame(DirectMessage m) {
    return message(m).put("type", "direct").put("conversationId", m.conversationId().toString());
  }

  static JsonObject closedFrame(UUID conversationId, UUID childId) {
    return new JsonObject().put("type", "direct-closed").put("conversationId", conversationId.toString())
        .put("childId", childId.toString());
  }

  /** Frame "direct-devices": a correspondent's device list changed ({@code change}: added or removed). */
  static JsonObject devicesFrame(UUID conversationId, String username, String change, UUID deviceId) {
    return new JsonObject().put("type", "direct-devices").put("conversationId", conversationId.toString())
        .put("username", username).put("change", change).put("deviceId", deviceId.toString());
  }

  static JsonObject deviceAddedFrame(Device d) {
    return new JsonObject().put("type", "device-added").put("deviceId", d.id().toString()).put("label", d.label())
        .put("fingerprint", d.fingerprint());
  }

  static JsonObject historyAddedFrame(UUID deviceId, int count) {
    return new JsonObject().put("type", "history-added").put("deviceId", deviceId.toString()).put("count", count);
  }

  static JsonObject deviceRemovedFrame(UUID deviceId) {
    return new JsonObject().put("type", "device-removed").put("deviceId", deviceId.toString());
  }
}
