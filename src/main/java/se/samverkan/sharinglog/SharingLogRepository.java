package se.samverkan.sharinglog;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import se.samverkan.store.Rows;

/** SQL of the sharing log: entries, perfect-subtree nodes and the head (tree size). */
final class SharingLogRepository {

  record StoredEntry(long logIndex, byte[] leafHash, byte[] entryCiphertext, OffsetDateTime sharedAt) {
  }

  /** Locks the head for the rest of the transaction: appends are serialised, indexes gap-free. */
  Future<Long> lockHead(SqlClient tx) {
    return tx.query("SELECT size FROM sharing_log_head WHERE id = 1 FOR UPDATE").execute()
        .map(rows -> rows.iterator().next().getLong("size"));
  }

  Future<Long> size(SqlClient client) {
    return client.query("SELECT size FROM sharing_log_head WHERE id = 1").execute()
        .map(rows -> rows.iterator().next().getLong("size"));
  }

  Future<Map<Merkle.Node, byte[]>> nodes(SqlClient client, Collection<Merkle.Node> wanted) {
    if (wanted.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Short[] levels = new Short[wanted.size()];
    Long[] indexes = new Long[wanted.size()];
    int i = 0;
    for (Merkle.Node n : wanted) {
      levels[i] = (short) n.level();
      indexes[i] = n.index();
      i++;
    }
    return client.preparedQuery("""
            SELECT n.level, n.idx, n.hash FROM merkle_node n
            JOIN unnest($1::smallint[], $2::bigint[]) AS w (level, idx) ON n.level = w.level AND n.idx = w.idx""")
        .collecting(Collectors.toMap(r -> new Merkle.Node(r.getShort("level"), r.getLong("idx")),
            r -> r.getBuffer("hash").getBytes()))
        .execute(Tuple.tuple().addArrayOfShort(levels).addArrayOfLong(indexes))
        .map(SqlResult::value);
  }

  Future<Void> insertNodes(SqlClient tx, List<Map.Entry<Merkle.Node, byte[]>> nodes) {
    List<Tuple> batch = new ArrayList<>();
    for (Map.Entry<Merkle.Node, byte[]> e : nodes) {
      batch.add(Tuple.of((short) e.getKey().level(), e.getKey().index(), Buffer.buffer(e.getValue())));
    }
    return tx.preparedQuery("INSERT INTO merkle_node (level, idx, hash) VALUES ($1, $2, $3)")
        .executeBatch(batch).mapEmpty();
  }

  Future<Void> insertEntry(SqlClient tx, long index, UUID childId, String category, byte[] leafHash,
      byte[] entryCiphertext, boolean familyVisible, OffsetDateTime sharedAt) {
    return tx.preparedQuery("""
            INSERT INTO sharing_log_entry (log_index, child_id, category, leaf_hash, entry_ct, family_visible, shared_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""")
        .execute(Tuple.tuple(List.of(index, childId, category, Buffer.buffer(leafHash), Buffer.buffer(entryCiphertext),
            familyVisible, sharedAt)))
        .mapEmpty();
  }

  Future<Void> setSize(SqlClient tx, long size) {
    return tx.preparedQuery("UPDATE sharing_log_head SET size = $1 WHERE id = 1").execute(Tuple.of(size)).mapEmpty();
  }

  Future<List<StoredEntry>> entriesOf(SqlClient client, UUID childId, boolean familyOnly, OffsetDateTime from) {
    return client.preparedQuery("""
            SELECT log_index, leaf_hash, entry_ct, shared_at FROM sharing_log_entry
            WHERE child_id = $1 AND ($2 = false OR family_visible) AND ($3::timestamptz IS NULL OR shared_at >= $3)
            ORDER BY log_index""")
        .mapping(SharingLogRepository::storedEntry)
        .execute(Tuple.of(childId, familyOnly, from))
        .map(Rows::list);
  }

  private static StoredEntry storedEntry(Row r) {
    Buffer ct = r.getBuffer("entry_ct");
    return new StoredEntry(r.getLong("log_index"), r.getBuffer("leaf_hash").getBytes(),
        ct == null ? null : ct.getBytes(), r.getOffsetDateTime("shared_at"));
  }
}
