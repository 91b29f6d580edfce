package se.samverkan.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.Eventually;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;
import se.samverkan.testing.WsClient;

/**
 * The life of one subscription on a socket: at most one per channel, each message at most once,
 * and nothing after the subscription ended (unsubscribed or access revoked) — also when the end
 * comes while the subscription is still being set up or the history is still being replayed.
 */
@ExtendWith(SamverkanExtension.class)
class ChannelSubscriptionTest {

  private static TestStack stack;
  private static Api api;

  @BeforeAll
  static void prepare(TestStack testStack) {
    stack = testStack;
    api = new Api(stack);
  }

  /** A child with anna (contact), erik and maria (members) under one consent; returns {child, consent}. */
  static String[] team() {
    String child = api.registerChild("anna.bvc").getString("id");
    String consent = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo", "polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    api.addMemberOk("anna.bvc", child, "maria.polis");
    return new String[] {child, consent};
  }

  /** Posts a message, waiting out the per-user send limit when a test posts many. */
  static Http.Response post(String user, String child, String clientId, String text) throws InterruptedException {
    Http.Response r = null;
    for (int attempt = 0; attempt < 600; attempt++) {
      r = api.post(user, "/api/children/" + child + "/team/messages", new JsonObject().put("clientId", clientId).put("text", text));
      if (r.status() != 429) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(201, r.status(), r.toString());
    return r;
  }

  static JsonObject subscribeFrame(String child, Long afterSeq) {
    JsonObject frame = new JsonObject().put("type", "subscribe").put("childId", child);
    return afterSeq == null ? frame : frame.put("afterSeq", afterSeq);
  }

  /**
   * How long a test listens for frames that must NOT come. An absence cannot be polled for: this is
   * the one deliberate wait of these tests, as short as a loaded machine allows.
   */
  static final Duration STRAGGLERS = Duration.ofMillis(800);

  /** Waits a little for stragglers, then every message frame of the channel received so far. */
  static List<JsonObject> allMessages(WsClient ws, String child) throws InterruptedException {
    Thread.sleep(STRAGGLERS);
    return ws.frames().filter(f -> "message".equals(f.getString("type")) && child.equals(f.getString("childId"))).toList();
  }

  @Test
  void aSecondSubscribeForTheSameChannelShouldBeRefusedAndEachMessageArriveOnce() throws Exception {
    String child = team()[0];
    for (int i = 1; i <= 3; i++) {
      post("anna.bvc", child, "before-" + i, "före " + i);
    }
    try (WsClient erik = WsClient.as(stack, "erik.rektor")) {
      // Both frames are on the wire before the first access check can have finished.
      erik.send(subscribeFrame(child, 0L));
      erik.send(subscribeFrame(child, 0L));
      assertEquals("subscribed", erik.await(f -> "subscribed".equals(f.getString("type")), "subscribed").getString("type"));
      assertEquals("already-subscribed",
          erik.await(f -> "error".equals(f.getString("type")), "the second subscribe refused").getString("code"));
      post("anna.bvc", child, "live", "live");
      erik.messages(child, 4);
      List<JsonObject> extra = allMessages(erik, child);
      assertEquals(List.of(), extra, "each message once");
    }
  }

  @Test
  void aWithdrawalShouldEndEverySubscriptionOfADoubleSubscribe() throws Exception {
    String[] t = team();
    String child = t[0];
    try (WsClient maria = WsClient.as(stack, "maria.polis")) {
      maria.send(subscribeFrame(child, null));
      maria.send(subscribeFrame(child, null));
      maria.await(f -> "subscribed".equals(f.getString("type")), "subscribed");
      // The second subscribe's answer, whichever it is, before the withdrawal.
      maria.await(f -> child.equals(f.getString("childId"))
          && ("subscribed".equals(f.getString("type")) || "error".equals(f.getString("type"))), "the second answer");
      // Another consent keeps Växjö in the team; maria (polisen) loses access.
      api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
      assertEquals(200, api.withdraw("anna.bvc", child, t[1]).status());
      assertEquals("access-revoked", maria.await(f -> "error".equals(f.getString("type"))
          && "access-revoked".equals(f.getString("code")), "revocation", Duration.ofSeconds(2)).getString("code"));
      post("anna.bvc", child, "after", "Efter återkallelsen");
      assertEquals(List.of(), allMessages(maria, child), "nothing reaches maria after the error frame");
    }
  }

  @Test
  void aWithdrawalWhileTheSubscribeIsInFlightShouldLeaveNoSubscription() throws Exception {
    String[] t = team();
    String child = t[0];
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    try (WsClient maria = WsClient.as(stack, "maria.polis")) {
      // Race the subscribe against the withdrawal many times over: whichever wins, maria must end
      // up without a subscription, and with an answer (an error) for her subscribe.
      Thread withdrawal = Thread.ofVirtual().start(() -> api.withdraw("anna.bvc", child, t[1]));
      for (int i = 0; i < 20; i++) {
        maria.send(subscribeFrame(child, null));
        maria.send(new JsonObject().put("type", "unsubscribe").put("childId", child));
      }
      maria.send(subscribeFrame(child, null));
      withdrawal.join();
      // The last subscribe is answered after the last "unsubscribed" (a socket's frames are handled
      // in order, and an unsubscribed subscribe is never answered): wait for the error there.
      Eventually.await(Duration.ofSeconds(10), "an answer to the last subscribe", () -> {
        List<JsonObject> frames = maria.frames().filter(f -> child.equals(f.getString("childId"))).toList();
        int lastUnsubscribed = -1;
        int unsubscribed = 0;
        for (int i = 0; i < frames.size(); i++) {
          if ("unsubscribed".equals(frames.get(i).getString("type")) && ++unsubscribed == 20) {
            lastUnsubscribed = i;
          }
        }
        return lastUnsubscribed >= 0 && frames.subList(lastUnsubscribed, frames.size()).stream()
            .anyMatch(f -> "error".equals(f.getString("type")));
      });
      post("anna.bvc", child, "after", "Efter återkallelsen");
      assertEquals(List.of(), allMessages(maria, child), "nothing reaches maria after the withdrawal");
      // The last subscribe is answered: refused (not-found) or revoked right after it was granted.
      List<JsonObject> frames = maria.frames().toList();
      JsonObject last = frames.stream().filter(f -> child.equals(f.getString("childId"))
          && !"unsubscribed".equals(f.getString("type"))).reduce((a, b) -> b).orElseThrow();
      assertEquals("error", last.getString("type"), frames.toString());
      assertTrue(List.of("not-found", "access-revoked").contains(last.getString("code")), last.encode());
    }
  }

  @Test
  void nothingShouldArriveAfterUnsubscribedAndAResubscribeShouldNotRepeatMessages() throws Exception {
    String child = team()[0];
    int total = 650;
    for (int i = 1; i <= total; i++) {
      post(i % 2 == 0 ? "anna.bvc" : "erik.rektor", child, "r" + i, "Meddelande " + i);
    }
    try (WsClient maria = WsClient.as(stack, "maria.polis")) {
      maria.send(subscribeFrame(child, 0L));
      // The replay (several pages) is under way: cut it short.
      maria.await(f -> "message".equals(f.getString("type")), "the first replayed message");
      maria.send(new JsonObject().put("type", "unsubscribe").put("childId", child));
      List<Long> before = new java.util.ArrayList<>(List.of(1L));
      maria.await(f -> {
        if ("message".equals(f.getString("type"))) {
          before.add(f.getLong("seq"));
        }
        return "unsubscribed".equals(f.getString("type"));
      }, "unsubscribed");
      Thread.sleep(STRAGGLERS);
      long received = maria.frames().filter(f -> "message".equals(f.getString("type"))).count();
      // frames() still holds the first message's successors seen before "unsubscribed", not the first one.
      assertEquals(before.size() - 1, received, "no message after \"unsubscribed\"");

      long resumeAfter = before.stream().mapToLong(Long::longValue).max().orElseThrow();
      maria.send(subscribeFrame(child, resumeAfter));
      // Everything this socket received: the first message (consumed above), then all the others in arrival order.
      List<Long> all = new java.util.ArrayList<>(List.of(1L));
      allMessagesUntil(maria, child, total).forEach(f -> all.add(f.getLong("seq")));
      assertEquals(IntStream.rangeClosed(1, total).mapToObj(Long::valueOf).toList(), all,
          "every message once, in order, across the two subscriptions");
    }
  }

  /** Waits until the message with {@code lastSeq} has arrived, then every message frame not yet consumed. */
  private static List<JsonObject> allMessagesUntil(WsClient ws, String child, long lastSeq) throws InterruptedException {
    Eventually.await(Duration.ofSeconds(30), "the message " + lastSeq,
        () -> ws.frames().anyMatch(f -> "message".equals(f.getString("type")) && f.getLong("seq") == lastSeq));
    return allMessages(ws, child);
  }

  @Test
  void aMemberWhoJoinedLaterShouldNotReceiveEditsOfEarlierMessages() throws Exception {
    String child = team()[0];
    String id = post("erik.rektor", child, "pre", "Före Saras tid").json().getString("id");
    api.addMemberOk("anna.bvc", child, "sara.elevhalsa");
    try (WsClient sara = WsClient.as(stack, "sara.elevhalsa"); WsClient anna = WsClient.as(stack, "anna.bvc")) {
      assertEquals("subscribed", sara.subscribe(child, 0L).getString("type"));
      assertEquals("subscribed", anna.subscribe(child, null).getString("type"));
      String path = "/api/children/" + child + "/team/messages/" + id;
      assertEquals(200, api.patch("erik.rektor", path, new JsonObject().put("text", "Hemligt före Sara (ändrat)")).status());
      // Anna, who could see the message, gets the edit; it was published to the channel, so Sara's
      // socket has had it too by then — and must have dropped it.
      anna.await(f -> "edited".equals(f.getString("type")), "the edit at anna");
      assertEquals(204, api.delete("erik.rektor", path).status());
      anna.await(f -> "redacted".equals(f.getString("type")), "the redaction at anna");
      post("anna.bvc", child, "welcome", "Välkommen Sara");
      // No wait for stragglers: the edit and the redaction were published before the welcome, and a
      // socket's channel frames go out in the order they were published.
      assertEquals("Välkommen Sara", sara.messages(child, 1).get(0).getString("text"));
      List<String> types = sara.frames().map(f -> f.getString("type")).toList();
      assertTrue(types.stream().noneMatch(type -> "edited".equals(type) || "redacted".equals(type)), types.toString());
    }
  }

  @Test
  void aMemberWhoJoinedAfterMoreThanAPageOfHistoryShouldGetLiveMessagesAtOnceAndNothingEarlier() throws Exception {
    String child = team()[0];
    int before = ChannelSubscription.REPLAY_PAGE + 10;
    for (int i = 1; i <= before; i++) {
      post(i % 2 == 0 ? "anna.bvc" : "erik.rektor", child, "old-" + i, "Före Sara " + i);
    }
    api.addMemberOk("anna.bvc", child, "sara.elevhalsa");
    try (WsClient sara = WsClient.as(stack, "sara.elevhalsa")) {
      // From the very beginning: the history she may see is empty, the channel's end is where she starts.
      assertEquals("subscribed", sara.subscribe(child, 0L).getString("type"));
      post("anna.bvc", child, "hello-1", "Välkommen Sara");
      post("erik.rektor", child, "hello-2", "Hej från Erik");
      List<JsonObject> live = sara.messages(child, 2);
      assertEquals(List.of((long) before + 1, (long) before + 2), live.stream().map(f -> f.getLong("seq")).toList());
      assertEquals(List.of(), allMessages(sara, child), "nothing from before she joined");
    }
  }

  @Test
  void anAfterSeqBeyondTheChannelShouldBeRefusedWithTheChannelsLastSeq() throws Exception {
    String child = team()[0];
    post("anna.bvc", child, "one", "ett");
    post("anna.bvc", child, "two", "två");
    try (WsClient erik = WsClient.as(stack, "erik.rektor")) {
      JsonObject refused = erik.subscribe(child, 99L);
      assertEquals("error", refused.getString("type"));
      assertEquals("after-seq-ahead", refused.getString("code"));
      assertEquals(2, refused.getLong("lastSeq"));
      // Not subscribed: a corrected subscribe works and delivers what comes next.
      assertEquals("subscribed", erik.subscribe(child, 2L).getString("type"));
      post("anna.bvc", child, "three", "tre");
      assertEquals(3, erik.messages(child, 1).get(0).getLong("seq"));
    }
  }

  @Test
  void anAuthFrameForAnotherUserShouldCloseTheSocketWith4403() {
    try (WsClient ws = WsClient.as(stack, "anna.bvc")) {
      ws.send(new JsonObject().put("type", "auth").put("token", stack.token("erik.rektor")));
      assertEquals(4403, ws.awaitClose(Duration.ofSeconds(5)));
      assertTrue(ws.closeReason().contains("byta användare"), ws.closeReason());
    }
  }
}
