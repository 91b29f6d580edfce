package se.samverkan.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.Eventually;
import se.samverkan.testing.Http;
import se.samverkan.testing.Mails;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * What the organiser sees of mail delivery when the SMTP conversation goes wrong: a recipient
 * refused for good (550) is FAILED with a reason and never tried again; a temporary refusal (451)
 * stays PENDING with its attempts and the next try; a mail that still could not go out when the
 * meeting ended is given up. The SMTP server is GreenMail, replaced for a while by a small real
 * SMTP server (SmtpStub) on the same port where GreenMail cannot give the reply we need.
 */
@ExtendWith(SamverkanExtension.class)
class MailDeliveryTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static TestStack stack;
  private static Api api;

  @BeforeAll
  static void api(TestStack testStack) {
    stack = testStack;
    api = new Api(testStack);
  }

  private static String childWithConsent() {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    return child;
  }

  private static String address(String who) {
    return who + "+" + UUID.randomUUID().toString().substring(0, 8) + "@example.se";
  }

  private static String schedule(String child, String start, String end, String guardian) {
    api.addGuardianAddress("anna.bvc", child, guardian);
    Http.Response r = api.post("anna.bvc", "/api/children/" + child + "/meetings", new JsonObject()
        .put("kind", "CHILD_TEAM").put("title", "Arbetsmöte").put("start", start).put("end", end)
        .put("participants", new JsonArray().add(new JsonObject().put("username", "erik.rektor"))
            .add(new JsonObject().put("name", "Karin Johansson").put("email", guardian).put("role", "GUARDIAN"))));
    assertEquals(201, r.status(), r.toString());
    return r.json().getString("id");
  }

  private static JsonObject invitation(String meetingId, Predicate<JsonObject> which) {
    JsonArray all = api.get("anna.bvc", "/api/meetings/" + meetingId + "/invitations").json().getJsonArray("invitations");
    return all.stream().map(i -> (JsonObject) i).filter(which).findFirst()
        .orElseThrow(() -> new AssertionError("no such invitation in " + all.encode()));
  }

  /** Polls the invitations until {@code done} holds for the one {@code which} picks. */
  private static JsonObject await(String meetingId, Predicate<JsonObject> which, Predicate<JsonObject> done) throws Exception {
    AtomicReference<JsonObject> seen = new AtomicReference<>();
    Eventually.await(WAIT, () -> {
      seen.set(invitation(meetingId, which));
      assertTrue(done.test(seen.get()), () -> "never reached the expected state: " + seen.get().encode());
    });
    return seen.get();
  }

  private static Predicate<JsonObject> email(String address) {
    return i -> address.equals(i.getString("email"));
  }

  private static final Predicate<JsonObject> ERIK = i -> "erik.rektor".equals(i.getString("username"));

  private static long mailsTo(String address) {
    return stack.smtp().received().stream().map(Mails::of).filter(m -> m.to().equals(address)).count();
  }

  @Test
  void aRecipientRefusedForGoodShouldFailWithAReasonAndATemporaryRefusalShouldBeRetried() throws Exception {
    String child = childWithConsent();
    String refused = address("finns-inte");
    stack.smtp().stop();
    String id;
    try (SmtpStub stub = new SmtpStub(stack.smtp().port(),
        rcpt -> rcpt.equals(refused) ? "550 5.1.1 <" + refused + ">: Recipient address rejected: User unknown"
            : "451 4.3.0 Try again later", false)) {
      id = schedule(child, "2027-11-02T09:00:00+01:00", "2027-11-02T10:00:00+01:00", refused);

      JsonObject failed = await(id, email(refused), i -> "FAILED".equals(i.getString("delivery")));
      String reason = failed.getString("lastError");
      assertNotNull(reason, failed.encode());
      assertTrue(reason.contains("550"), reason);
      assertFalse(reason.contains(refused), "the reason echoes the address: " + reason);

      JsonObject retried = await(id, ERIK, i -> i.getInteger("attempts", 0) >= 2);
      assertEquals("PENDING", retried.getString("delivery"), "a temporary refusal is not a failure: " + retried.encode());
      assertTrue(retried.getString("lastError", "").contains("451"), retried.encode());
      assertNotNull(retried.getString("nextAttemptAt"), retried.encode());

      // A whole pass of the outbox: whatever it would retry now, it has tried.
      stack.awaitMailOutboxPass();
      assertEquals(1, stub.rcptCount(refused), "a permanent refusal must not be tried again: " + stub.commands());
      assertEquals("FAILED", invitation(id, email(refused)).getString("delivery"));
    } finally {
      stack.smtp().start();
    }
    // The server takes mail again: erik's invitation goes out, the refused one stays given up.
    await(id, ERIK, i -> "SENT".equals(i.getString("delivery")));
    stack.awaitMailOutboxPass();
    assertEquals(0, mailsTo(refused), "a given-up mail was sent after all");
    assertEquals("FAILED", invitation(id, email(refused)).getString("delivery"));
  }

  @Test
  void aMailThatCouldNotGoOutBeforeTheMeetingEndedShouldBeGivenUp() throws Exception {
    String child = childWithConsent();
    String guardian = address("karin");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    stack.smtp().stop();
    String id;
    try {
      id = schedule(child, now.minus(Duration.ofMinutes(30)).toString(), now.plus(Duration.ofSeconds(5)).toString(), guardian);
      JsonObject given = await(id, email(guardian), i -> "FAILED".equals(i.getString("delivery")));
      assertTrue(given.getString("lastError", "").contains("redan ägt rum"), given.encode());
      await(id, ERIK, i -> "FAILED".equals(i.getString("delivery")));
    } finally {
      stack.smtp().start();
    }
    stack.awaitMailOutboxPass();
    assertEquals(0, mailsTo(guardian), "an invitation to a meeting that is over went out");
    assertEquals(0, mailsTo("erik.rektor@vaxjo.se", id), "an invitation to a meeting that is over went out");
  }

  private static long mailsTo(String address, String meetingId) {
    return stack.smtp().received().stream().map(Mails::of)
        .filter(m -> m.to().equals(address) && m.text() != null && m.text().contains(meetingId)).count();
  }
}
