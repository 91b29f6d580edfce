package se.samverkan.direct;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.store.Rows;

/** SQL of devices, their verification marks and the history copies uploaded to them. */
final class DeviceRepository {

  private final Pool pool;

  DeviceRepository(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  /** Serialises one person's registrations (the cap on active devices) until the transaction ends. */
  Future<Void> lockOwner(SqlClient tx, UUID owner) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended('direct_device:' || $1, 0))")
        .execute(Tuple.of(owner.toString())).mapEmpty();
  }

  Future<Void> insert(SqlClient tx, Device d) {
    return tx.preparedQuery("INSERT INTO direct_device (" + Device.COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)")
        .execute(Tuple.of(d.id(), d.ownerSubject(), d.ownerUsername(), Buffer.buffer(d.key().raw()), d.fingerprint(),
            d.label(), OffsetDateTime.ofInstant(d.createdAt(), ZoneOffset.UTC)))
        .mapEmpty();
  }

  /** A person's active devices, oldest first. */
  Future<List<Device>> active(SqlClient client, UUID owner) {
    return client.preparedQuery("SELECT " + Device.COLUMNS
            + " FROM direct_device WHERE owner_subject = $1 AND removed_at IS NULL ORDER BY created_at, id")
        .mapping(Device::from)
        .execute(Tuple.of(owner))
        .map(Rows::list);
  }

  /** The active devices of several persons, oldest first. */
  Future<List<Device>> activeOf(SqlClient client, List<UUID> owners) {
    return client.preparedQuery("SELECT " + Device.COLUMNS
            + " FROM direct_device WHERE owner_subject = ANY($1) AND removed_at IS NULL ORDER BY created_at, id")
        .mapping(Device::from)
        .execute(Tuple.of(owners.toArray(UUID[]::new)))
        .map(Rows::list);
  }

  Future<Boolean> isActiveDeviceOf(UUID owner, UUID deviceId) {
    return pool.preparedQuery("SELECT 1 FROM direct_device WHERE id = $1 AND owner_subject = $2 AND removed_at IS NULL")
        .execute(Tuple.of(deviceId, owner))
        .map(rows -> rows.size() > 0);
  }

  /** Removes one of the owner's active devices; empty when there is none such. */
  Future<Optional<Device>> remove(UUID owner, UUID deviceId) {
    return pool.preparedQuery("UPDATE direct_device SET removed_at = now() WHERE id = $1 AND owner_subject = $2"
            + " AND removed_at IS NULL RETURNING " + Device.COLUMNS)
        .mapping(Device::from)
        .execute(Tuple.of(deviceId, owner))
        .map(rows -> Rows.list(rows).stream().findFirst());
  }

  /** The devices {@code verifier} marked verified, among {@code devices}. */
  Future<List<UUID>> verifiedBy(UUID verifier, List<UUID> devices) {
    return pool.preparedQuery("SELECT device_id FROM direct_device_verification WHERE verifier_subject = $1 AND device_id = ANY($2)")
        .mapping(r -> r.getUUID("device_id"))
        .execute(Tuple.of(verifier).addArrayOfUUID(devices.toArray(UUID[]::new)))
        .map(Rows::list);
  }

  Future<Void> verify(UUID verifier, UUID deviceId) {
    return pool.preparedQuery("INSERT INTO direct_device_verification (verifier_subject, device_id) VALUES ($1, $2)"
            + " ON CONFLICT DO NOTHING")
        .execute(Tuple.of(verifier, deviceId)).mapEmpty();
  }

  Future<Void> unverify(UUID verifier, UUID deviceId) {
    return pool.preparedQuery("DELETE FROM direct_device_verification WHERE verifier_subject = $1 AND device_id = $2")
        .execute(Tuple.of(verifier, deviceId)).mapEmpty();
  }

  /** How many of these messages are in conversations {@code owner} is a party of. */
  Future<Long> ownMessages(UUID owner, List<UUID> messageIds) {
    return pool.preparedQuery("SELECT count(*) AS n FROM direct_message m JOIN direct_conversation c ON c.id = m.conversation_id"
            + " WHERE m.id = ANY($1) AND $2 IN (c.party_a_subject, c.party_b_subject)")
        .execute(Tuple.of(messageIds.toArray(UUID[]::new), owner))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  /** Stores history copies for a device; a copy it already has is kept. Returns how many were new. */
  Future<Integer> addCopies(UUID deviceId, List<DirectRequest.Copy> copies) {
    List<Tuple> batch = new ArrayList<>();
    copies.forEach(c -> batch.add(Tuple.of(c.target(), deviceId, Buffer.buffer(c.enc()), Buffer.buffer(c.ciphertext()))));
    return pool.preparedQuery("INSERT INTO direct_copy (message_id, device_id, enc, ciphertext) VALUES ($1, $2, $3, $4)"
            + " ON CONFLICT DO NOTHING")
        .executeBatch(batch)
        .map(rows -> {
          int n = 0;
          for (var r = rows; r != null; r = r.next()) {
            n += r.rowCount();
          }
          return n;
        });
  }

  /** Per conversation of {@code owner}, the active devices of the other party: who hears of a device change. */
  Future<List<Notice>> counterpartDevices(UUID owner) {
    return pool.preparedQuery("""
            SELECT c.id AS conversation_id, d.id AS device_id FROM direct_conversation c
            JOIN direct_device d ON d.removed_at IS NULL AND d.owner_subject =
                 CASE WHEN c.party_a_subject = $1 THEN c.party_b_subject ELSE c.party_a_subject END
            WHERE $1 IN (c.party_a_subject, c.party_b_subject)""")
        .mapping(r -> new Notice(r.getUUID("conversation_id"), r.getUUID("device_id")))
        .execute(Tuple.of(owner))
        .map(Rows::list);
  }

  /** A device to tell about one conversation. */
  record Notice(UUID conversationId, UUID deviceId) {
  }
}
