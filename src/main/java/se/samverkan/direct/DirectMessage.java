package se.samverkan.direct;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/**
 * A direct message as one device sees it: its metadata and that device's sealed copy ({@code enc}
 * and {@code ciphertext} null when it has none: sent before the device existed, history not yet
 * uploaded).
 */
record DirectMessage(UUID id, UUID conversationId, long seq, String clientId, UUID senderSubject, String senderUsername,
                     UUID senderDeviceId, Instant sentAt, byte[] enc, byte[] ciphertext) {

  static final String COLUMNS = "m.id, m.conversation_id, m.seq, m.client_id, m.sender_subject, m.sender_username,"
      + " m.sender_device_id, m.sent_at";

  /** A row of {@link #COLUMNS} with the device's {@code enc, ciphertext} (possibly null). */
  static DirectMessage from(Row r) {
    Buffer enc = r.getBuffer("enc");
    Buffer ct = r.getBuffer("ciphertext");
    return new DirectMessage(r.getUUID("id"), r.getUUID("conversation_id"), r.getLong("seq"), r.getString("client_id"),
        r.getUUID("sender_subject"), r.getString("sender_username"), r.getUUID("sender_device_id"),
        r.getOffsetDateTime("sent_at").toInstant(), enc == null ? null : enc.getBytes(), ct == null ? null : ct.getBytes());
  }

  /** The same message with another device's copy. */
  DirectMessage withCopy(byte[] copyEnc, byte[] copyCiphertext) {
    return new DirectMessage(id, conversationId, seq, clientId, senderSubject, senderUsername, senderDeviceId, sentAt,
        copyEnc, copyCiphertext);
  }
}
