package se.samverkan.message;

import io.vertx.core.json.JsonObject;
import java.util.UUID;
import se.samverkan.crypto.DataKey;

/**
 * The server's frames of the team-channel protocol (docs/PROTOCOL.md) that more than one part of the
 * gateway builds, and the size in bytes by which the outbound bounds count them.
 */
final class ChannelFrames {

  private ChannelFrames() {
  }

  static JsonObject messageFrame(String type, Message m, DataKey key) {
    return MessageJson.message(MessageView.open(m, key)).put("type", type);
  }

  static String error(String code, String message, UUID childId, String clientId) {
    return errorFrame(code, message, childId, clientId).encode();
  }

  static JsonObject errorFrame(String code, String message, UUID childId, String clientId) {
    JsonObject frame = new JsonObject().put("type", "error").put("code", code).put("message", message);
    if (childId != null) {
      frame.put("childId", childId.toString());
    }
    if (clientId != null) {
      frame.put("clientId", clientId);
    }
    return frame;
  }

  /** Bytes of UTF-8 without encoding the frame a second time: the queue bounds are in bytes. */
  static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
