package se.samverkan.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.Eventually;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/** The hourly sharing-log entries for team messages: who could read them, under which consent, none missed. */
@ExtendWith(SamverkanExtension.class)
class MessageSharingLogTest {

  private static TestStack stack;
  private static Api api;

  @BeforeAll
  static void prepare(TestStack testStack) {
    stack = testStack;
    api = new Api(stack);
  }

  private static void post(String user, String child, String clientId, String text) {
    assertEquals(201, api.post(user, "/api/children/" + child + "/team/messages",
        new JsonObject().put("clientId", clientId).put("text", text)).status());
  }

  /** Closes every pending hour now, as the job does once an hour is over. */
  private static Future<Integer> flushAll() {
    return stack.vertx().eventBus().<Integer>request(MessageLogJob.FLUSH_ADDRESS, Instant.now().plusSeconds(3600).toString())
        .map(io.vertx.core.eventbus.Message::body);
  }

  private static List<JsonObject> messageEntries(String child) {
    api.addGuardian("anna.bvc", child, "karin.guardian");
    return api.get("karin.guardian", "/api/family/children/" + child + "/sharing-log").json()
        .getJsonArray("entries").stream().map(e -> (JsonObject) e)
        .filter(e -> "TEAM_MESSAGES".equals(e.getString("category"))).toList();
  }

  private static List<String> readers(JsonObject entry) {
    return entry.getJsonObject("recipients").getJsonArray("persons").stream()
        .map(p -> ((JsonObject) p).getString("username")).toList();
  }

  @Test
  void someoneWhoJoinedAfterTheMessagesShouldNotBeListedAndTheConsentShouldBeNamed() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    String consent = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo", "polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    post("anna.bvc", child, "j1", "Före Marias tid");
    post("erik.rektor", child, "j2", "Också före");
    api.addMemberOk("anna.bvc", child, "maria.polis");
    flushAll().await(30, TimeUnit.SECONDS);

    List<JsonObject> entries = messageEntries(child);
    assertEquals(1, entries.size(), entries.toString());
    assertEquals(List.of("anna.bvc", "erik.rektor"), readers(entries.get(0)), "maria could read none of them");
    assertEquals("CONSENT", entries.get(0).getJsonObject("legalBasis").getString("type"));
    assertEquals(consent, entries.get(0).getJsonObject("legalBasis").getString("consentId"));
  }

  @Test
  void readersUnderDifferentConsentsShouldGetAnEntryPerConsent() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    String schools = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    String police = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    api.addMemberOk("anna.bvc", child, "maria.polis");
    post("anna.bvc", child, "c1", "Till hela teamet");
    flushAll().await(30, TimeUnit.SECONDS);

    Map<String, List<String>> byConsent = messageEntries(child).stream().collect(Collectors.toMap(
        e -> e.getJsonObject("legalBasis").getString("consentId"), MessageSharingLogTest::readers));
    assertEquals(Map.of(schools, List.of("anna.bvc", "erik.rektor"), police, List.of("anna.bvc", "maria.polis")), byConsent);
  }

  @Test
  void aMessageCommittingWhileItsHourIsWrittenShouldStillBeCounted() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    post("anna.bvc", child, "w1", "Först");

    // A second send whose transaction has taken its number but not committed yet, as at the very
    // end of an hour while the job writes that hour.
    Pool pool = stack.app().shared().pool();
    MessageRepository repository = new MessageRepository(pool);
    Promise<Void> commit = Promise.promise();
    Promise<Void> inserted = Promise.promise();
    UUID childId = UUID.fromString(child);
    Future<Void> late = pool.withTransaction(tx ->
        repository.append(tx, UUID.randomUUID(), childId, UUID.randomUUID(), "erik.rektor", "Erik Lindqvist", "vaxjo",
                "w2", new byte[] {1, 2, 3})
            .onSuccess(m -> inserted.complete())
            .compose(m -> commit.future()));
    inserted.future().await(10, TimeUnit.SECONDS);

    Future<Integer> flush = flushAll();
    // Commit only once the job waits for the send's lock on the channel row: the race at its worst.
    Eventually.await(Duration.ofSeconds(10), "the job waiting for the uncommitted send", MessageSharingLogTest::jobWaitsForTheChannel);
    commit.complete();
    late.await(10, TimeUnit.SECONDS);
    assertTrue(flush.await(30, TimeUnit.SECONDS) >= 1);

    List<JsonObject> entries = messageEntries(child);
    assertEquals(1, entries.size(), entries.toString());
    assertTrue(entries.get(0).getString("what").startsWith("2 meddelanden"), entries.get(0).getString("what"));
    assertEquals(Set.of("anna.bvc", "erik.rektor"), Set.copyOf(readers(entries.get(0))));
  }

  private static boolean jobWaitsForTheChannel() {
    try (Connection c = stack.jdbc(); Statement q = c.createStatement();
        ResultSet rs = q.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            + " AND query LIKE '%FROM team_channel WHERE child_id%FOR SHARE%'")) {
      rs.next();
      return rs.getInt(1) > 0;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
