package se.samverkan.message;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stores the sends of one event loop in batches: while a batch is being committed, new sends
 * queue up and go together in the next one — one statement and one commit (one WAL flush) for
 * many messages, like a database's group commit, with no waiting at all when the load is low.
 *
 * <p>Each send still gets the acknowledgement only after its batch committed, and sequence
 * numbers stay gap-free: the batch takes them per channel in one statement, in submission order.
 * If a batch fails (e.g. a clientId sent before), its sends are retried one by one, so one
 * duplicate never fails the others.
 */
final class SendBatcher {

  static final int MAX_BATCH = 256;
  static final int MAX_IN_FLIGHT = 4;

  record Send(UUID id, UUID childId, UUID sender, String senderUsername, String senderName, String senderOrganisation,
              String clientId, byte[] textSealed) {
  }

  private record Pending(Send send, Promise<Message> promise) {
  }

  private static final String BATCH_INSERT = """
      WITH input AS (
          SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bytea[])
              WITH ORDINALITY AS i (id, child_id, sender_subject, sender_username, sender_name, sender_org, client_id, text_ct, ord)),
      counts AS (
          SELECT child_id, count(*) AS n FROM input GROUP BY child_id),
      bumped AS (
          -- In child_id order, so that concurrent batches lock channel rows in the same order.
          INSERT INTO team_channel (child_id, last_seq)
          SELECT child_id, n FROM counts ORDER BY child_id
          ON CONFLICT (child_id) DO UPDATE SET last_seq = team_channel.last_seq + EXCLUDED.last_seq
          RETURNING child_id, last_seq),
      -- The clock is read once every channel row of the batch is locked (see MessageRepository.append).
      stamp AS (
          SELECT clock_timestamp() AS sent_at FROM (SELECT count(*) FROM bumped) all_locked),
      numbered AS (
          SELECT input.*, bumped.last_seq - counts.n
                 + row_number() OVER (PARTITION BY input.child_id ORDER BY input.ord) AS seq, stamp.sent_at
          FROM input JOIN counts USING (child_id) JOIN bumped USING (child_id) CROSS JOIN stamp),
      message AS (
          INSERT INTO team_message (id, child_id, seq, sender_subject, sender_username, sender_name, sender_org,
                                    client_id, text_ct, sent_at)
          SELECT id, child_id, seq, sender_subject, sender_username, sender_name, sender_org, client_id, text_ct, sent_at
          FROM numbered
          RETURNING *),
      hour AS (
          INSERT INTO team_message_window (child_id, window_start)
          SELECT DISTINCT child_id, date_trunc('hour', sent_at) FROM message
          ON CONFLICT DO NOTHING)
      SELECT\s""" + Message.COLUMNS + " FROM message";

  private final Pool pool;
  private final MessageRepository messages;
  private final Context context;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int inFlight;

  SendBatcher(Pool pool, MessageRepository messages, Context context) {
    this.pool = pool;
    this.messages = messages;
    this.context = context;
  }

  /** Stores the message; completes after commit. Must be called on this batcher's event loop. */
  Future<Message> submit(Send send) {
    Promise<Message> promise = Promise.promise();
    queue.add(new Pending(send, promise));
    if (inFlight < MAX_IN_FLIGHT) {
      // Let the sends of this event-loop turn gather first.
      context.runOnContext(v -> flush());
    }
    return promise.future();
  }

  private void flush() {
    if (queue.isEmpty() || inFlight >= MAX_IN_FLIGHT) {
      return;
    }
    List<Pending> batch = new ArrayList<>();
    while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
      batch.add(queue.poll());
    }
    inFlight++;
    Future<Void> done = batch.size() == 1 ? single(batch.get(0)) : insert(batch)
        .recover(err -> {
          // One bad send (a duplicate clientId) must not fail the others: retry them one by one.
          List<Future<Void>> each = new ArrayList<>();
          batch.forEach(p -> each.add(single(p)));
          return Future.join(each).mapEmpty();
        });
    done.onComplete(ar -> {
      inFlight--;
      flush();
    });
  }

  private Future<Void> single(Pending p) {
    Send s = p.send();
    return messages.append(pool, s.id(), s.childId(), s.sender(), s.senderUsername(), s.senderName(),
            s.senderOrganisation(), s.clientId(), s.textSealed())
        .onComplete(p.promise())
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private Future<Void> insert(List<Pending> batch) {
    int n = batch.size();
    UUID[] ids = new UUID[n];
    UUID[] children = new UUID[n];
    UUID[] senders = new UUID[n];
    String[] usernames = new String[n];
    String[] names = new String[n];
    String[] orgs = new String[n];
    String[] clientIds = new String[n];
    Buffer[] texts = new Buffer[n];
    for (int i = 0; i < n; i++) {
      Send s = batch.get(i).send();
      ids[i] = s.id();
      children[i] = s.childId();
      senders[i] = s.sender();
      usernames[i] = s.senderUsername();
      names[i] = s.senderName();
      orgs[i] = s.senderOrganisation();
      clientIds[i] = s.clientId();
      texts[i] = Buffer.buffer(s.textSealed());
    }
    Tuple args = Tuple.tuple().addArrayOfUUID(ids).addArrayOfUUID(children).addArrayOfUUID(senders)
        .addArrayOfString(usernames).addArrayOfString(names).addArrayOfString(orgs).addArrayOfString(clientIds)
        .addArrayOfBuffer(texts);
    return pool.preparedQuery(BATCH_INSERT).execute(args).map(rows -> {
      Map<UUID, Message> stored = new HashMap<>();
      for (Row r : rows) {
        Message m = Message.from(r);
        stored.put(m.id(), m);
      }
      for (Pending p : batch) {
        Message m = stored.get(p.send().id());
        if (m != null) {
          p.promise().complete(m);
        } else {
          p.promise().fail(new IllegalStateException("a batched message was not stored"));
        }
      }
      return null;
    });
  }
}
