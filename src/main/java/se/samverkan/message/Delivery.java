package se.samverkan.message;

import static se.samverkan.message.ChannelFrames.utf8Length;

import io.vertx.core.json.JsonObject;

/**
 * A message and its ready-encoded frame, or — with a null frame — a number this subscriber may
 * not see (sent before they joined): it is passed over in order, never sent.
 */
record Delivery(Message message, String frame, int bytes) {
  static Delivery of(Message m, JsonObject frame) {
    String text = frame.encode();
    return new Delivery(m, text, utf8Length(text));
  }

  static Delivery hidden(Message m) {
    return new Delivery(m, null, 0);
  }

  long seq() {
    return message.seq();
  }

  /** Of two copies of one message, the later version (an edit that overtook the message). */
  static Delivery newer(Delivery a, Delivery b) {
    return b.message.version() > a.message.version() ? b : a;
  }
}
