package se.samverkan.direct;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A registered browser of one person: its public key and fingerprint; removed ones keep their row. */
record Device(UUID id, UUID ownerSubject, String ownerUsername, DeviceKey key, String fingerprint, String label,
              Instant createdAt, Instant removedAt) {

  static final String COLUMNS = "id, owner_subject, owner_username, public_key, fingerprint, label, created_at, removed_at";

  Device {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ownerSubject, "ownerSubject");
    Objects.requireNonNull(key, "key");
    if (!key.fingerprint().equals(fingerprint)) {
      throw new IllegalArgumentException("fingerprint does not belong to the key");
    }
  }

  static Device from(Row r) {
    java.time.OffsetDateTime removed = r.getOffsetDateTime("removed_at");
    return new Device(r.getUUID("id"), r.getUUID("owner_subject"), r.getString("owner_username"),
        new DeviceKey(r.getBuffer("public_key").getBytes()), r.getString("fingerprint"), r.getString("label"),
        r.getOffsetDateTime("created_at").toInstant(), removed == null ? null : removed.toInstant());
  }

  boolean active() {
    return removedAt == null;
  }
}
