package se.samverkan.message;

import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.SealLabel;

/** A message as its reader is shown it: its text opened with the child's key, or null once redacted. */
public record MessageView(Message message, String text) {

  public MessageView {
    if (message == null) {
      throw new IllegalArgumentException("a message view needs its message");
    }
    if (message.redacted() && text != null) {
      throw new IllegalArgumentException("a redacted message shows no text");
    }
  }

  static MessageView open(Message m, DataKey key) {
    return new MessageView(m, m.redacted() ? null : key.open(SealLabel.MESSAGE_TEXT, m.id(), m.textSealed()));
  }
}
