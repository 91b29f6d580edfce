package se.samverkan.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.identity.Principal;
import se.samverkan.identity.TokenValidator;
import se.samverkan.policy.AccessLog;
import se.samverkan.policy.AccessPolicy.Action;
import se.samverkan.policy.AccessPolicy.ChildAccess;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.testing.Api;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;
import se.samverkan.testing.WsClient;

/**
 * A consent that runs out (its {@code validUntil} passes) ends live delivery at that instant, as a
 * withdrawal does — not at the next periodic access check.
 */
@ExtendWith(SamverkanExtension.class)
class ConsentExpiryTest {

  private static TestStack stack;
  private static Api api;

  @BeforeAll
  static void prepare(TestStack testStack) {
    stack = testStack;
    api = new Api(stack);
  }

  private static String consentUntil(String child, List<String> organisations, Instant until) {
    JsonObject body = api.consent("WRITTEN_UPDATED", organisations, List.of())
        .put("validUntil", until.truncatedTo(ChronoUnit.MILLIS).toString().replace("Z", "+00:00"));
    Http.Response r = api.post("anna.bvc", "/api/children/" + child + "/consents", body);
    assertEquals(201, r.status(), r.toString());
    return r.json().getString("id");
  }

  private static Http.Response post(String user, String child, String clientId, String text) {
    return api.post(user, "/api/children/" + child + "/team/messages", new JsonObject().put("clientId", clientId).put("text", text));
  }

  @Test
  void aSubscriptionShouldEndWhenTheConsentRunsOut() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    Instant until = Instant.now().plusSeconds(6);
    consentUntil(child, List.of("vaxjo"), until);
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    try (WsClient erik = WsClient.as(stack, "erik.rektor")) {
      assertEquals("subscribed", erik.subscribe(child, null).getString("type"));
      assertEquals(201, post("anna.bvc", child, "before", "Före utgången").status());
      assertEquals("Före utgången", erik.messages(child, 1).get(0).getString("text"));

      JsonObject ended = erik.await(f -> "error".equals(f.getString("type")), "the end of the subscription",
          Duration.ofSeconds(10));
      long lateMillis = Duration.between(until, Instant.now()).toMillis();
      assertEquals("consent-expired", ended.getString("code"));
      assertEquals(child, ended.getString("childId"));
      assertTrue(lateMillis < 1_000, "ended " + lateMillis + " ms after the consent ran out");

      assertEquals(201, post("anna.bvc", child, "after", "Efter utgången").status());
      // Listening for a frame that must not come: an absence has no condition to poll for.
      Thread.sleep(ChannelSubscriptionTest.STRAGGLERS);
      assertTrue(erik.frames().noneMatch(f -> "message".equals(f.getString("type"))), "nothing after the end");
      // Sends over the socket are refused too, as REST is.
      erik.send(new JsonObject().put("type", "send").put("childId", child).put("clientId", "late").put("text", "Hej"));
      assertEquals("not-found", erik.await(f -> "error".equals(f.getString("type")) && "late".equals(f.getString("clientId")),
          "the refused send").getString("code"));
    }
    assertEquals(404, api.get("erik.rektor", "/api/children/" + child + "/team/messages").status());
  }

  @Test
  void aNewConsentBeforeTheOldOneRunsOutShouldKeepTheSubscription() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    Instant until = Instant.now().plusSeconds(4);
    consentUntil(child, List.of("vaxjo"), until);
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    try (WsClient erik = WsClient.as(stack, "erik.rektor")) {
      assertEquals("subscribed", erik.subscribe(child, null).getString("type"));
      // The guardians renew before the first consent runs out.
      consentUntil(child, List.of("vaxjo"), Instant.now().plus(Duration.ofDays(30)));
      // The behaviour under test is the clock's: the first consent's end must pass (plus the 1 s
      // within which the test above sees an expiry act) with the subscription still on.
      Thread.sleep(Duration.between(Instant.now(), until).toMillis() + 1_500);
      assertEquals(201, post("anna.bvc", child, "renewed", "Efter förnyelsen").status());
      assertEquals("Efter förnyelsen", erik.messages(child, 1).get(0).getString("text"));
      assertTrue(erik.frames().noneMatch(f -> "error".equals(f.getString("type"))), "the subscription went on");
    }
  }

  @Test
  void theAccessShouldSayUntilWhenTheConsentCoversTheCaller() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    Instant soon = Instant.now().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.MILLIS);
    Instant later = Instant.now().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.MILLIS);
    consentUntil(child, List.of("vaxjo"), soon);
    consentUntil(child, List.of("vaxjo", "polisen"), later);
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    api.addMemberOk("anna.bvc", child, "maria.polis");
    AccessPolicy policy = new AccessPolicy(stack.app().shared().pool(), new AccessLog(stack.app().shared().pool()));

    assertEquals(later, access(policy, "erik.rektor", child).coveredUntil(), "the latest end among the consents in force");
    assertEquals(later, access(policy, "maria.polis", child).coveredUntil());
    assertNull(access(policy, "anna.bvc", child).coveredUntil(), "the ChildContact needs no consent");

    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    assertNull(access(policy, "erik.rektor", child).coveredUntil(), "a consent without an end covers without an end");
    assertEquals(later, access(policy, "maria.polis", child).coveredUntil());
  }

  private static ChildAccess access(AccessPolicy policy, String user, String child) throws Exception {
    Principal who = principalOf(user);
    return policy.professional(who, UUID.fromString(child), Action.MESSAGES_READ).await(10, TimeUnit.SECONDS);
  }

  /** The principal the server builds from a real token of the user. */
  private static Principal principalOf(String user) throws Exception {
    TokenValidator tokens = TokenValidator.create(stack.vertx(), stack.config().oidc());
    try {
      return tokens.validate(stack.token(user)).await(10, TimeUnit.SECONDS);
    } finally {
      tokens.close();
    }
  }
}
