package se.samverkan.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.DatabaseExtension;
import se.samverkan.testing.TestDatabase;

/** The channel's sequence and pages as the repository keeps them, on the database alone. */
@ExtendWith(DatabaseExtension.class)
class MessageRepositoryTest {

  private static final UUID ERIK = UUID.randomUUID();

  private final TestDatabase db;
  private final MessageRepository messages;
  private UUID child;

  MessageRepositoryTest(TestDatabase db) {
    this.db = db;
    this.messages = new MessageRepository(db.pool());
  }

  @BeforeEach
  void aChildOfItsOwn() throws Exception {
    child = UUID.randomUUID();
    try (Connection c = db.jdbc();
        PreparedStatement key = c.prepareStatement("INSERT INTO child_key (child_id) VALUES (?)");
        PreparedStatement row = c.prepareStatement("INSERT INTO child (id, name_ct, birth_date, contact_subject,"
            + " contact_username, contact_name, contact_kind, contact_since, created_by_username)"
            + " VALUES (?, '\\x00'::bytea, DATE '2020-01-01', ?, 'anna.bvc', 'Anna', 'CHILD_HEALTH_CARE', now(), 'anna.bvc')")) {
      key.setObject(1, child);
      key.executeUpdate();
      row.setObject(1, child);
      row.setObject(2, UUID.randomUUID());
      row.executeUpdate();
    }
  }

  private Future<Message> append(String clientId) {
    Pool pool = db.pool();
    return pool.withTransaction(tx -> messages.append(tx, UUID.randomUUID(), child, ERIK, "erik.rektor", "Erik Lindqvist",
        "vaxjo", clientId, new byte[] {1, 2, 3}));
  }

  private List<Long> seqs(List<Message> page) {
    return page.stream().map(Message::seq).toList();
  }

  @Test
  void aResendWithAUsedClientIdShouldFailAndTakeNoNumber() throws Exception {
    assertEquals(1, append("a").await(10, TimeUnit.SECONDS).seq());
    Throwable resent = append("a").transform(Future::succeededFuture).await(10, TimeUnit.SECONDS).cause();
    assertTrue(MessageRepository.isDuplicateClientId(resent), String.valueOf(resent));
    assertEquals(2, append("b").await(10, TimeUnit.SECONDS).seq(), "the failed resend left a gap");
    assertEquals(2L, messages.lastSeq(child).await(10, TimeUnit.SECONDS));
  }

  @Test
  void concurrentSendsShouldTakeEveryNumberExactlyOnce() throws Exception {
    List<Future<Message>> sends = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      sends.add(append("c" + i));
    }
    List<Long> taken = new ArrayList<>();
    for (Future<Message> send : sends) {
      taken.add(send.await(30, TimeUnit.SECONDS).seq());
    }
    assertEquals(LongStream.rangeClosed(1, 40).boxed().toList(), taken.stream().sorted().toList());
  }

  @Test
  void aFullPageShouldReachItsLastMessageAndAShortOneTheChannelsEnd() throws Exception {
    for (int i = 0; i < 5; i++) {
      append("p" + i).await(10, TimeUnit.SECONDS);
    }
    MessageRepository.Page full = messages.visiblePage(child, 0, null, 2, null).await(10, TimeUnit.SECONDS);
    assertEquals(List.of(1L, 2L), seqs(full.messages()));
    assertEquals(2, full.coveredThrough());

    MessageRepository.Page rest = messages.visiblePage(child, 3, null, 10, null).await(10, TimeUnit.SECONDS);
    assertEquals(List.of(4L, 5L), seqs(rest.messages()));
    assertEquals(5, rest.coveredThrough());

    MessageRepository.Page bounded = messages.visiblePage(child, 1, 4L, 10, null).await(10, TimeUnit.SECONDS);
    assertEquals(List.of(2L, 3L), seqs(bounded.messages()));
    assertEquals(3, bounded.coveredThrough(), "up to just before the bound");

    MessageRepository.Page past = messages.visiblePage(child, 5, null, 10, null).await(10, TimeUnit.SECONDS);
    assertEquals(List.of(), past.messages());
    assertEquals(5, past.coveredThrough(), "never behind where the caller already is");
  }

  @Test
  void messagesBeforeTheVisibleFromShouldBeLeftOutYetCovered() throws Exception {
    append("old").await(10, TimeUnit.SECONDS);
    Message second = append("middle").await(10, TimeUnit.SECONDS);
    Instant joined = second.sentAt().plusNanos(1_000);
    append("new").await(10, TimeUnit.SECONDS);

    MessageRepository.Page page = messages.visiblePage(child, 0, null, 10, joined).await(10, TimeUnit.SECONDS);
    assertEquals(List.of(3L), seqs(page.messages()));
    assertEquals(3, page.coveredThrough(), "the hidden messages are covered too: a subscriber does not ask for them again");
  }

  @Test
  void aChannelWithoutMessagesShouldBeCoveredThroughWhereTheCallerIs() throws Exception {
    MessageRepository.Page empty = messages.visiblePage(child, 0, null, 10, null).await(10, TimeUnit.SECONDS);
    assertEquals(List.of(), empty.messages());
    assertEquals(0, empty.coveredThrough());
    assertEquals(0L, messages.lastSeq(child).await(10, TimeUnit.SECONDS));
  }
}
