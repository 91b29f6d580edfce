package se.samverkan.message;

import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.crypto.DataKey;
import se.samverkan.identity.Principal;
import se.samverkan.shared.ProblemException;

/**
 * The server's frames of the team-channel protocol (docs/PROTOCOL.md), keys written once, and the
 * size in bytes by which the outbound bounds count them. A message frame is the REST TeamMessage
 * ({@link MessageJson#message}) with its frame type.
 */
final class ChannelFrames {

  // The gateway's parts log under the gateway's name, as they did when they were one class.
  private static final Logger LOG = LoggerFactory.getLogger("se.samverkan.message.TeamChannelGateway");

  private ChannelFrames() {
  }

  static JsonObject messageFrame(String type, Message m, DataKey key) {
    return MessageJson.message(MessageView.open(m, key)).put("type", type);
  }

  static String authenticated(Principal p) {
    return new JsonObject().put("type", "authenticated").put("username", p.username())
        .put("expiresAt", p.expiresAt().toString()).encode();
  }

  static String subscribed(UUID childId, long afterSeq) {
    return new JsonObject().put("type", "subscribed").put("childId", childId.toString()).put("afterSeq", afterSeq).encode();
  }

  static String unsubscribed(UUID childId) {
    return new JsonObject().put("type", "unsubscribed").put("childId", childId.toString()).encode();
  }

  /** The sender's acknowledgement of a stored message. */
  static String ack(UUID childId, String clientId, Message m) {
    return new JsonObject().put("type", "ack").put("childId", childId.toString()).put("clientId", clientId)
        .put("seq", m.seq()).put("id", m.id().toString()).put("sentAt", m.sentAt().toString()).encode();
  }

  /** How far another member has read. */
  static String receipt(String childId, String username, Long seq) {
    return member("receipt", childId, username).put("seq", seq).encode();
  }

  /** Another member is typing. */
  static String typing(String childId, String username, String name) {
    return member("typing", childId, username).put("name", name).encode();
  }

  private static JsonObject member(String type, String childId, String username) {
    return new JsonObject().put("type", type).put("childId", childId).put("username", username);
  }

  static String subscribedDirect(UUID deviceId) {
    return new JsonObject().put("type", "subscribed-direct").put("deviceId", deviceId.toString()).encode();
  }

  static String unsubscribedDirect(UUID deviceId) {
    return new JsonObject().put("type", "unsubscribed-direct").put("deviceId", deviceId.toString()).encode();
  }

  /** A refused direct subscription: the error frame names the device instead of a channel. */
  static String directError(String code, String message, UUID deviceId) {
    return errorFrame(code, message, null, null).put("deviceId", deviceId.toString()).encode();
  }

  static String afterSeqAhead(UUID childId, long lastSeq) {
    return errorFrame("after-seq-ahead", "afterSeq är större än kanalens senaste meddelande.", childId, null)
        .put("lastSeq", lastSeq).encode();
  }

  static String error(String code, String message, UUID childId, String clientId) {
    return errorFrame(code, message, childId, clientId).encode();
  }

  private static JsonObject errorFrame(String code, String message, UUID childId, String clientId) {
    JsonObject frame = new JsonObject().put("type", "error").put("code", code).put("message", message);
    if (childId != null) {
      frame.put("childId", childId.toString());
    }
    if (clientId != null) {
      frame.put("clientId", clientId);
    }
    return frame;
  }

  /** A refused request's error frame: a problem by its type and detail, anything else as unavailable (logged). */
  static String refusal(Throwable err, UUID childId, String clientId) {
    if (err instanceof ProblemException pe) {
      String code = pe.problem().type().slug();
      return error(code, pe.problem().detail() != null ? pe.problem().detail() : pe.problem().type().title(), childId, clientId);
    }
    LOG.warn("WebSocket request failed: {}", err.toString());
    return error("unavailable", "Något gick fel; försök igen.", childId, clientId);
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
