package se.samverkan.message;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The team channel's schemas of the contract (TeamMessage, the history page, the read markers), keys
 * written once: the WebSocket's message frames are this TeamMessage with their frame type added.
 */
final class MessageJson {

  private MessageJson() {
  }

  /** TeamMessage: {@code {id, childId, seq, clientId, sender, text, sentAt, editedAt, redacted, version}}. */
  static JsonObject message(MessageView view) {
    Message m = view.message();
    return new JsonObject()
        .put("id", m.id().toString())
        .put("childId", m.childId().toString())
        .put("seq", m.seq())
        .put("clientId", m.clientId())
        .put("sender", new JsonObject().put("username", m.senderUsername()).put("name", m.senderName())
            .put("organisation", m.senderOrganisation()))
        .put("text", view.text())
        .put("sentAt", m.sentAt().toString())
        .put("editedAt", m.editedAt() == null ? null : m.editedAt().toString())
        .put("redacted", m.redacted())
        .put("version", m.version());
  }

  static JsonObject history(MessageService.History page) {
    return new JsonObject()
        .put("messages", new JsonArray(page.messages().stream().map(MessageJson::message).toList()))
        .put("hasMore", page.hasMore());
  }

  static JsonObject readMarkers(List<ReadMarker> markers) {
    return new JsonObject().put("markers", new JsonArray(markers.stream().map(MessageJson::readMarker).toList()));
  }

  private static JsonObject readMarker(ReadMarker r) {
    return new JsonObject().put("username", r.username()).put("seq", r.seq()).put("at", r.at().toString());
  }
}
