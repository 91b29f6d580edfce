package se.samverkan.message;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

/**
 * The team channel's REST requests, from what the contract has already validated. The service still
 * checks what the contract cannot say (a text's size in bytes, a blank text), as it does for frames.
 */
final class MessageRequest {

  private MessageRequest() {
  }

  /** A message to send; the same clientId again is a resend. */
  record Send(String clientId, String text) {
    static Send from(JsonObject body) {
      return new Send(body.getString("clientId"), body.getString("text"));
    }
  }

  /** The new text of one's own message. */
  record Edit(String text) {
    static Edit from(JsonObject body) {
      return new Edit(body.getString("text"));
    }
  }

  /** How far the caller has read. */
  record Read(long seq) {
    static Read from(JsonObject body) {
      return new Read(body.getLong("seq"));
    }
  }

  /** A page of the history: after or before a number, at most {@code limit} (null: the defaults). */
  record Page(Long afterSeq, Long beforeSeq, Integer limit) {
    static Page from(MultiMap query) {
      Long limit = number(query, "limit");
      return new Page(number(query, "afterSeq"), number(query, "beforeSeq"), limit == null ? null : limit.intValue());
    }

    private static Long number(MultiMap query, String name) {
      String raw = query.get(name);
      return raw == null ? null : Long.parseLong(raw);
    }
  }
}
