package se.samverkan.message;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * A frame from a client on {@code /api/ws}, checked up front: every field a frame type needs is
 * present and of the right type, or the frame is {@link Malformed} (with whatever ids could be read,
 * so that the answer can name the send it refuses). The gateway never looks into raw JSON, so a
 * missing field cannot surface later as an exception on the event loop.
 */
sealed interface ClientFrame {

  /** The frame's {@code type}, or null when the frame had none (not JSON, not an object, no type). */
  String type();

  record Auth(String token) implements ClientFrame {
    public String type() {
      return "auth";
    }
  }

  /** @param afterSeq null: live only */
  record Subscribe(UUID childId, Long afterSeq) implements ClientFrame {
    public String type() {
      return "subscribe";
    }
  }

  record Unsubscribe(UUID childId) implements ClientFrame {
    public String type() {
      return "unsubscribe";
    }
  }

  record Send(UUID childId, String clientId, String text) implements ClientFrame {
    public String type() {
      return "send";
    }
  }

  record Read(UUID childId, long seq) implements ClientFrame {
    public String type() {
      return "read";
    }
  }

  record Typing(UUID childId) implements ClientFrame {
    public String type() {
      return "typing";
    }
  }

  /** Follow one of my devices' direct-message frames (docs/PROTOCOL.md, "Direct messages"). */
  record SubscribeDirect(UUID deviceId) implements ClientFrame {
    public String type() {
      return "subscribe-direct";
    }
  }

  record UnsubscribeDirect(UUID deviceId) implements ClientFrame {
    public String type() {
      return "unsubscribe-direct";
    }
  }

  record UnknownType(String type) implements ClientFrame {
  }

  /** A frame that cannot be acted on; childId and clientId are set when they could be read. */
  record Malformed(String type, String reason, UUID childId, String clientId) implements ClientFrame {
  }

  static ClientFrame parse(String text) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      return new Malformed(null, "Ramen är inte ett JSON-objekt.", null, null);
    }
    if (!(json.getValue("type") instanceof String type)) {
      return new Malformed(null, "Ramen saknar type.", null, null);
    }
    return switch (type) {
      case "auth" -> json.getValue("token") instanceof String token && !token.isEmpty()
          ? new Auth(token) : new Malformed(type, "auth kräver token.", null, null);
      case "subscribe" -> withChild(json, type, childId -> {
        Object after = json.getValue("afterSeq");
        if (after == null) {
          return new Subscribe(childId, null);
        }
        Long afterSeq = nonNegative(after);
        return afterSeq == null
            ? new Malformed(type, "afterSeq måste vara ett heltal ≥ 0.", childId, null)
            : new Subscribe(childId, afterSeq);
      });
      case "unsubscribe" -> withChild(json, type, Unsubscribe::new);
      case "send" -> {
        String clientId = json.getValue("clientId") instanceof String s ? s : null;
        String body = json.getValue("text") instanceof String s ? s : null;
        UUID childId = uuid(json.getValue("childId"));
        if (childId == null || clientId == null || body == null) {
          yield new Malformed(type, "send kräver childId, clientId och text.", childId, clientId);
        }
        yield new Send(childId, clientId, body);
      }
      case "read" -> withChild(json, type, childId -> {
        Long seq = nonNegative(json.getValue("seq"));
        return seq == null ? new Malformed(type, "read kräver seq (ett heltal ≥ 0).", childId, null) : new Read(childId, seq);
      });
      case "typing" -> withChild(json, type, Typing::new);
      case "subscribe-direct" -> withDevice(json, type, SubscribeDirect::new);
      case "unsubscribe-direct" -> withDevice(json, type, UnsubscribeDirect::new);
      default -> new UnknownType(type);
    };
  }

  private static ClientFrame withChild(JsonObject json, String type, java.util.function.Function<UUID, ClientFrame> next) {
    UUID childId = uuid(json.getValue("childId"));
    return childId == null ? new Malformed(type, type + " kräver childId (ett uuid).", null, null) : next.apply(childId);
  }

  private static ClientFrame withDevice(JsonObject json, String type, java.util.function.Function<UUID, ClientFrame> next) {
    UUID deviceId = uuid(json.getValue("deviceId"));
    return deviceId == null ? new Malformed(type, type + " kräver deviceId (ett uuid).", null, null) : next.apply(deviceId);
  }

  private static UUID uuid(Object value) {
    if (!(value instanceof String s) || s.length() != 36) {
      return null;
    }
    try {
      UUID id = UUID.fromString(s);
      // UUID.fromString accepts shortened groups; only the canonical spelling names a child.
      return id.toString().equalsIgnoreCase(s) ? id : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A JSON integer ≥ 0 (not a string, not a fraction, not beyond a long), else null. */
  private static Long nonNegative(Object value) {
    long n;
    if (value instanceof Integer i) {
      n = i;
    } else if (value instanceof Long l) {
      n = l;
    } else {
      return null;
    }
    return n >= 0 ? n : null;
  }
}
