package se.samverkan.message;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.UUID;

/**
 * What goes over the event bus to every node's live connections of a channel. Message texts travel
 * sealed (the receiving node opens them with the child's key), so the event bus — clustered later —
 * never carries a message in clear.
 */
public final class ChannelEvents {

  public static final String ADDRESS_PREFIX = "samverkan.channel.";

  private ChannelEvents() {
  }

  public static String address(UUID childId) {
    return ADDRESS_PREFIX + childId;
  }

  static JsonObject message(String event, Message m) {
    return new JsonObject()
        .put("event", event)
        .put("childId", m.childId().toString())
        .put("id", m.id().toString())
        .put("seq", m.seq())
        .put("clientId", m.clientId())
        .put("senderSubject", m.senderSubject().toString())
        .put("senderUsername", m.senderUsername())
        .put("senderName", m.senderName())
        .put("senderOrg", m.senderOrganisation())
        .put("textSealed", m.textSealed() == null ? null : Base64.getEncoder().encodeToString(m.textSealed()))
        .put("version", m.version())
        .put("sentAt", m.sentAt().toString())
        .put("editedAt", m.editedAt() == null ? null : m.editedAt().toString())
        .put("redactedAt", m.redactedAt() == null ? null : m.redactedAt().toString());
  }

  /** A member read up to {@code seq}; {@code memberSince} as {@link #typing}. */
  static JsonObject receipt(UUID childId, String username, long seq, String memberSince) {
    return new JsonObject().put("event", "receipt").put("childId", childId.toString())
        .put("username", username).put("seq", seq).put("memberSince", memberSince);
  }

  /** A member is typing; {@code memberSince} (null: the ChildContact) lets each subscriber decide whether it sees them. */
  static JsonObject typing(UUID childId, String username, String name, String memberSince) {
    return new JsonObject().put("event", "typing").put("childId", childId.toString())
        .put("username", username).put("name", name).put("memberSince", memberSince);
  }

  /** Rebuilds the message from an event. */
  static Message fromEvent(JsonObject e) {
    return new Message(
        UUID.fromString(e.getString("id")), UUID.fromString(e.getString("childId")), e.getLong("seq"),
        UUID.fromString(e.getString("senderSubject")), e.getString("senderUsername"), e.getString("senderName"),
        e.getString("senderOrg"), e.getString("clientId"),
        e.getString("textSealed") == null ? null : Base64.getDecoder().decode(e.getString("textSealed")),
        e.getInteger("version"), java.time.Instant.parse(e.getString("sentAt")),
        e.getString("editedAt") == null ? null : java.time.Instant.parse(e.getString("editedAt")),
        e.getString("redactedAt") == null ? null : java.time.Instant.parse(e.getString("redactedAt")));
  }
}
