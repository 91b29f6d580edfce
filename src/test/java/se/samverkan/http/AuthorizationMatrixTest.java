package se.samverkan.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.direct.Sealer;
import se.samverkan.testing.Api;
import se.samverkan.testing.TestUsers;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * Every API operation × every dev user, against one child's situation: anna.bvc is its
 * ChildContact; erik.rektor and maria.polis are team members under a WRITTEN_UPDATED consent for
 * Växjö and the police; sara.elevhalsa is covered by that consent but not a member; lars.soc and
 * olof.ljungby are strangers; sec.admin is the security team; karin.guardian is the child's linked
 * guardian. erik.rektor has written one message (only he may edit or redact it). anna has called
 * erik.rektor and karin.guardian (by her account) to a meeting. An operation that changes something
 * gets a fresh copy of the situation per user.
 */
@ExtendWith(SamverkanExtension.class)
class AuthorizationMatrixTest {

  static final List<String> USERS = List.of("anna.bvc", "erik.rektor", "maria.polis", "sara.elevhalsa", "lars.soc",
      "olof.ljungby", "sec.admin", "karin.guardian");

  private static TestStack stack;
  private static Api api;
  private static Situation shared;

  /** A child with its team, consent, guardian, and one message by erik.rektor. */
  record Situation(String child, String consent, String message, String meeting) {
  }

  static Situation situation() {
    String child = api.registerChild("anna.bvc").getString("id");
    api.addGuardian("anna.bvc", child, "karin.guardian");
    String consent = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo", "polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    api.addMemberOk("anna.bvc", child, "maria.polis");
    String message = api.post("erik.rektor", "/api/children/" + child + "/team/messages",
        new JsonObject().put("clientId", "matrix").put("text", "Eriks meddelande")).json().getString("id");
    String meeting = api.post("anna.bvc", "/api/children/" + child + "/meetings", meeting()
        .put("participants", new JsonArray().add(new JsonObject().put("username", "erik.rektor"))
            .add(new JsonObject().put("username", "karin.guardian")))).json().getString("id");
    return new Situation(child, consent, message, meeting);
  }

  /** The newest access-log row, as the security team sees it. */
  static long newestAccessLogId() {
    return api.get("sec.admin", "/api/admin/access-log?limit=1").json().getJsonArray("entries").getJsonObject(0).getLong("id");
  }

  /** The id of karin.guardian's record (the situation's only guardian). */
  static String linkedGuardian(Situation s) {
    return api.get("anna.bvc", "/api/children/" + s.child()).json().getJsonArray("guardians").getJsonObject(0).getString("id");
  }

  static JsonObject meeting() {
    return new JsonObject().put("kind", "CHILD_TEAM").put("title", "Arbetsmöte")
        .put("start", "2027-09-14T13:00:00+02:00").put("end", "2027-09-14T14:00:00+02:00")
        .put("participants", new JsonArray().add(new JsonObject().put("username", "erik.rektor")));
  }

  record Operation(String operationId, String method, Function<Situation, String> path, Function<Situation, Object> body,
                   boolean changes, Map<String, Integer> expected) {
  }

  /** Read access to a child: the team sees it, strangers get 404, wrong roles 403. */
  static Map<String, Integer> childRead(int ok) {
    return statuses(ok, ok, ok, 404, 404, 404, 403, 403);
  }

  /** Managing a child's team and record: ChildContact only (members are refused with 403). */
  static Map<String, Integer> childManage(int ok) {
    return statuses(ok, 403, 403, 404, 404, 404, 403, 403);
  }

  static Map<String, Integer> statuses(int anna, int erik, int maria, int sara, int lars, int olof, int sec, int karin) {
    Map<String, Integer> m = new LinkedHashMap<>();
    int[] s = {anna, erik, maria, sara, lars, olof, sec, karin};
    for (int i = 0; i < USERS.size(); i++) {
      m.put(USERS.get(i), s[i]);
    }
    return m;
  }

  /** The security team's endpoints: sec.admin only (the county's team), everyone else 403. */
  static Map<String, Integer> admin(int ok) {
    return statuses(403, 403, 403, 403, 403, 403, ok, 403);
  }

  private static String target;

  /** A person of Ljungby of the matrix's own, so that logging out or disabling them touches no dev user. */
  static synchronized String target() {
    if (target == null) {
      target = TestUsers.create(stack, "matrix", "ljungby");
    }
    return target;
  }

  static Map<String, Integer> everyone(int status) {
    return statuses(status, status, status, status, status, status, status, status);
  }

  static List<Operation> operations() {
    String c = "/api/children/";
    JsonObject sharing = new JsonObject().put("what", "Orosanmälan")
        .put("recipients", new JsonObject().put("persons", new JsonArray().add("lars.soc")).put("organisations", new JsonArray()))
        .put("purpose", "SoL 14 kap. 1 §").put("legalBasis", new JsonObject().put("type", "DUTY_TO_REPORT"))
        .put("familyNotified", true);
    return List.of(
        new Operation("getMe", "GET", s -> "/api/me", null, false, everyone(200)),
        new Operation("listOrganisations", "GET", s -> "/api/organisations", null, false, everyone(200)),
        new Operation("getCareModel", "GET", s -> "/api/care-model", null, false, everyone(200)),
        new Operation("listChildren", "GET", s -> "/api/children", null, false, statuses(200, 200, 200, 200, 200, 200, 403, 403)),
        new Operation("registerChild", "POST", s -> "/api/children",
            s -> new JsonObject().put("name", "Matrisbarn").put("birthDate", "2015-03-03"), true,
            statuses(201, 201, 403, 403, 403, 403, 403, 403)),
        new Operation("getChild", "GET", s -> c + s.child(), null, false, childRead(200)),
        new Operation("updateChild", "PATCH", s -> c + s.child(), s -> new JsonObject().put("schooling", "COMPULSORY"), true,
            childManage(200)),
        new Operation("addGuardian", "POST", s -> c + s.child() + "/guardians",
            s -> new JsonObject().put("name", "Pappa").put("email", "pappa@example.se"), true, childManage(201)),
        new Operation("unlinkGuardianAccount", "DELETE", s -> c + s.child() + "/guardians/" + linkedGuardian(s) + "/account",
            null, true, childManage(204)),
        new Operation("listConsents", "GET", s -> c + s.child() + "/consents", null, false, childRead(200)),
        new Operation("recordConsent", "POST", s -> c + s.child() + "/consents",
            s -> api.consent("WRITTEN", List.of("ljungby"), List.of()), true, childManage(201)),
        new Operation("withdrawConsent", "POST", s -> c + s.child() + "/consents/" + s.consent() + "/withdraw",
            s -> new JsonObject().put("reason", "Vårdnadshavaren återkallar"), true, childManage(200)),
        new Operation("getTeam", "GET", s -> c + s.child() + "/team", null, false, childRead(200)),
        new Operation("addTeamMember", "POST", s -> c + s.child() + "/team/members",
            s -> new JsonObject().put("username", "lars.soc"), true, childManage(201)),
        // erik removing erik is leaving, which a member may do
        new Operation("removeTeamMember", "DELETE", s -> c + s.child() + "/team/members/erik.rektor", null, true,
            statuses(204, 204, 403, 404, 404, 404, 403, 403)),
        new Operation("appointCoordinator", "POST", s -> c + s.child() + "/team/coordinator",
            s -> new JsonObject().put("username", "erik.rektor"), true, childManage(200)),
        new Operation("handOver", "POST", s -> c + s.child() + "/handover",
            s -> new JsonObject().put("toUsername", "erik.rektor").put("reason", "Skolstart"), true, childManage(200)),
        new Operation("listDueHandovers", "GET", s -> "/api/handovers/due", null, false,
            statuses(200, 200, 403, 403, 403, 403, 403, 403)),
        new Operation("getChildSharingLog", "GET", s -> c + s.child() + "/sharing-log", null, false, childRead(200)),
        new Operation("recordSharing", "POST", s -> c + s.child() + "/sharing-log", s -> sharing, true, childRead(201)),
        new Operation("listTeamMessages", "GET", s -> c + s.child() + "/team/messages", null, false, childRead(200)),
        new Operation("sendTeamMessage", "POST", s -> c + s.child() + "/team/messages",
            s -> new JsonObject().put("clientId", java.util.UUID.randomUUID().toString()).put("text", "Hej teamet"), true,
            childRead(201)),
        new Operation("editTeamMessage", "PATCH", s -> c + s.child() + "/team/messages/" + s.message(),
            s -> new JsonObject().put("text", "Ändrat"), true, statuses(403, 200, 403, 404, 404, 404, 403, 403)),
        new Operation("redactTeamMessage", "DELETE", s -> c + s.child() + "/team/messages/" + s.message(), null, true,
            statuses(403, 204, 403, 404, 404, 404, 403, 403)),
        new Operation("getReadMarkers", "GET", s -> c + s.child() + "/team/read-markers", null, false, childRead(200)),
        new Operation("markRead", "POST", s -> c + s.child() + "/team/read-markers", s -> new JsonObject().put("seq", 1), true,
            childRead(204)),
        new Operation("getCheckpoint", "GET", s -> "/api/sharing-log/checkpoint", null, false, everyone(200)),
        new Operation("getInclusionProof", "GET", s -> "/api/sharing-log/proof/inclusion?index=0&size=1", null, false, everyone(200)),
        new Operation("getInclusionProofs", "POST", s -> "/api/sharing-log/proof/inclusions",
            s -> new JsonObject().put("size", 1).put("indexes", new JsonArray().add(0)), false, everyone(200)),
        new Operation("getConsistencyProof", "GET", s -> "/api/sharing-log/proof/consistency?from=1&to=1", null, false, everyone(200)),
        new Operation("getLogPublicKey", "GET", s -> "/api/sharing-log/public-key", null, false, everyone(200)),
        new Operation("getLogKeyTransitions", "GET", s -> "/api/sharing-log/key-transitions", null, false, everyone(200)),
        new Operation("listFamilyChildren", "GET", s -> "/api/family/children", null, false,
            statuses(403, 403, 403, 403, 403, 403, 403, 200)),
        new Operation("getFamilySharingLog", "GET", s -> "/api/family/children/" + s.child() + "/sharing-log", null, false,
            statuses(403, 403, 403, 403, 403, 403, 403, 200)),
        new Operation("getFamilyConsents", "GET", s -> "/api/family/children/" + s.child() + "/consents", null, false,
            statuses(403, 403, 403, 403, 403, 403, 403, 200)),
        new Operation("listAgendaTemplates", "GET", s -> "/api/agenda-templates", null, false, everyone(200)),
        new Operation("listChildMeetings", "GET", s -> c + s.child() + "/meetings", null, false, childRead(200)),
        new Operation("scheduleMeeting", "POST", s -> c + s.child() + "/meetings", s -> meeting(), true, childManage(201)),
        new Operation("listMyMeetings", "GET", s -> "/api/meetings", null, false, everyone(200)),
        // The invited see the meeting (karin by her account), so does the team; only the organiser changes it.
        new Operation("getMeeting", "GET", s -> "/api/meetings/" + s.meeting(), null, false,
            statuses(200, 200, 200, 404, 404, 404, 403, 200)),
        new Operation("updateMeeting", "PATCH", s -> "/api/meetings/" + s.meeting(), s -> new JsonObject().put("location", "Rum 4"),
            true, statuses(200, 403, 403, 404, 404, 404, 403, 403)),
        new Operation("cancelMeeting", "DELETE", s -> "/api/meetings/" + s.meeting(), null, true,
            statuses(204, 403, 403, 404, 404, 404, 403, 403)),
        new Operation("answerMeeting", "POST", s -> "/api/meetings/" + s.meeting() + "/rsvp",
            s -> new JsonObject().put("answer", "ACCEPTED"), true, statuses(403, 200, 403, 404, 404, 404, 403, 200)),
        new Operation("listInvitations", "GET", s -> "/api/meetings/" + s.meeting() + "/invitations", null, false,
            statuses(200, 200, 200, 404, 404, 404, 403, 200)),
        new Operation("setMeetingNotes", "PUT", s -> "/api/meetings/" + s.meeting() + "/notes",
            s -> new JsonObject().put("notes", "Vi kom överens om nästa steg."), true, statuses(200, 200, 403, 404, 404, 404, 403, 403)),
        // The personal links need no login; an unknown one is refused whoever asks.
        new Operation("getRsvpPage", "GET", s -> "/rsvp/" + "A".repeat(98), null, false, everyone(404)),
        new Operation("answerByLink", "POST", s -> "/rsvp/" + "A".repeat(98), s -> new JsonObject().put("answer", "ACCEPTED"), false,
            everyone(404)),
        new Operation("queryAccessLog", "GET", s -> "/api/admin/access-log?user=anna.bvc", null, false,
            statuses(403, 403, 403, 403, 403, 403, 200, 403)),
        new Operation("getServerStatus", "GET", s -> "/api/admin/server-status", null, false,
            statuses(403, 403, 403, 403, 403, 403, 200, 403)),
        // The security team's people actions act on a throwaway person of Ljungby (sec.admin is the
        // county's team); everyone else is refused before anything is looked up.
        new Operation("listAdminUsers", "GET", s -> "/api/admin/users?organisation=ljungby", null, false, admin(200)),
        new Operation("listUserSessions", "GET", s -> "/api/admin/users/" + target() + "/sessions", null, false, admin(200)),
        new Operation("logoutUser", "POST", s -> "/api/admin/users/" + target() + "/logout",
            s -> new JsonObject().put("reason", "Matris"), false, admin(204)),
        new Operation("disableUser", "POST", s -> "/api/admin/users/" + target() + "/disable",
            s -> new JsonObject().put("reason", "Matris"), false, admin(204)),
        new Operation("enableUser", "POST", s -> "/api/admin/users/" + target() + "/enable", null, false, admin(204)),
        new Operation("grantUserRole", "PUT", s -> "/api/admin/users/" + target() + "/roles/child-contact", null, false,
            admin(204)),
        new Operation("revokeUserRole", "DELETE", s -> "/api/admin/users/" + target() + "/roles/child-contact", null, false,
            admin(204)),
        new Operation("querySecurityAudit", "GET", s -> "/api/admin/audit", null, false, admin(200)),
        new Operation("listLoginEvents", "GET", s -> "/api/admin/login-events?type=LOGIN", null, false,
            statuses(403, 403, 403, 403, 403, 403, 200, 403)),
        new Operation("listAdminEvents", "GET", s -> "/api/admin/admin-events", null, false,
            statuses(403, 403, 403, 403, 403, 403, 200, 403)),
        new Operation("getAccessReview", "GET", s -> "/api/admin/access-review?sample=5&seed=1", null, false,
            statuses(403, 403, 403, 403, 403, 403, 200, 403)),
        new Operation("reviewAccessLogEntry", "POST", s -> "/api/admin/access-log/" + newestAccessLogId() + "/review",
            s -> new JsonObject().put("verdict", "CHECKED"), false, statuses(403, 403, 403, 403, 403, 403, 201, 403)),
        new Operation("exportAccessLog", "GET", s -> "/api/admin/access-log/export?from=" + java.time.Instant.now()
            .minusSeconds(60), null, false, statuses(403, 403, 403, 403, 403, 403, 200, 403)),
        // Direct messages: devices are a professional's own; another's only for someone sharing a child
        // (the devices of a colleague who exists only in this test); a conversation is its two parties' (anna and
        // erik) alone.
        new Operation("registerDevice", "POST", s -> "/api/devices",
            s -> new JsonObject().put("publicKey", Sealer.freshPublicKey()).put("label", "Matris"), false,
            statuses(201, 201, 201, 201, 201, 201, 403, 403)),
        new Operation("listMyDevices", "GET", s -> "/api/devices", null, false, statuses(200, 200, 200, 200, 200, 200, 403, 403)),
        new Operation("removeDevice", "DELETE", s -> "/api/devices/" + freshAnnaDevice(), null, false,
            statuses(204, 404, 404, 404, 404, 404, 403, 403)),
        new Operation("uploadDeviceHistory", "POST", s -> "/api/devices/" + direct().annaOther().id() + "/history",
            s -> direct().history(), false, statuses(204, 404, 404, 404, 404, 404, 403, 403)),
        // the colleague is only in the shared child's team: who shares a child with them is that team
        new Operation("listUserDevices", "GET", s -> "/api/users/" + colleague + "/devices", null, false,
            childRead(200)),
        new Operation("verifyDevice", "PUT", s -> "/api/users/" + colleague + "/devices/" + direct().colleague().id()
            + "/verification", null, false, childRead(204)),
        new Operation("unverifyDevice", "DELETE", s -> "/api/users/" + colleague + "/devices/" + direct().colleague().id()
            + "/verification", null, false, childRead(204)),
        // erik asking for a conversation with erik is with himself (400)
        new Operation("startConversation", "POST", s -> c + s.child() + "/conversations",
            s -> new JsonObject().put("with", "erik.rektor"), true, statuses(201, 400, 201, 404, 404, 404, 403, 403)),
        new Operation("listConversations", "GET", s -> "/api/conversations", null, false,
            statuses(200, 200, 200, 200, 200, 200, 403, 403)),
        // the device is anna's: erik, the other party, is refused it (422)
        new Operation("listDirectMessages", "GET",
            s -> "/api/conversations/" + direct().conversation() + "/messages?deviceId=" + direct().anna().id(), null, false,
            statuses(200, 422, 404, 404, 404, 404, 404, 404)),
        new Operation("sendDirectMessage", "POST", s -> "/api/conversations/" + direct().conversation() + "/messages",
            s -> direct().message(java.util.UUID.randomUUID().toString()), false, statuses(201, 422, 404, 404, 404, 404, 404, 404)),
        new Operation("markConversationRead", "POST", s -> "/api/conversations/" + direct().conversation() + "/read",
            s -> new JsonObject().put("seq", 1), false, statuses(204, 204, 404, 404, 404, 404, 404, 404)));
  }

  /** The shared situation's direct conversation of anna and erik: anna's two devices, erik's one, one message. */
  record Direct(String conversation, Sealer.Device anna, Sealer.Device annaOther, Sealer.Device erik,
                Sealer.Device colleague, String messageId, JsonObject history) {
    /** A send from anna's first device sealed to every device of both, as they are now. */
    JsonObject message(String clientId) {
      return Sealer.send(clientId, anna.id(), Sealer.copiesForAll(api, "anna.bvc", List.of("anna.bvc", "erik.rektor"),
          conversation, clientId, anna.id(), "Matrismeddelande"));
    }
  }

  private static Direct direct;

  static synchronized Direct direct() {
    if (direct == null) {
      Sealer.Device anna = Sealer.register(api, "anna.bvc", "Matris 1");
      Sealer.Device annaOther = Sealer.register(api, "anna.bvc", "Matris 2");
      Sealer.Device erik = Sealer.register(api, "erik.rektor", "Matris");
      Sealer.Device colleagueDevice = Sealer.register(api, colleague, "Matris");
      String conversation = api.post("anna.bvc", "/api/children/" + shared.child() + "/conversations",
          new JsonObject().put("with", "erik.rektor")).json().getString("id");
      Direct partial = new Direct(conversation, anna, annaOther, erik, colleagueDevice, null, null);
      Http.Response sent = api.post("anna.bvc", "/api/conversations/" + conversation + "/messages", partial.message("matrix"));
      assertEquals(201, sent.status(), sent.toString());
      String messageId = sent.json().getString("id");
      JsonObject copy = Sealer.seal(annaOther.id(), annaOther.publicKey(), Sealer.aad(conversation, "matrix", anna.id()),
          "Matrismeddelande");
      JsonObject history = new JsonObject().put("fromDeviceId", anna.id()).put("copies", new JsonArray().add(new JsonObject()
          .put("messageId", messageId).put("enc", copy.getString("enc")).put("ciphertext", copy.getString("ciphertext"))));
      direct = new Direct(conversation, anna, annaOther, erik, colleagueDevice, messageId, history);
    }
    return direct;
  }

  /** A new device of anna's to remove; her earlier ones but the fixture's are removed first (at most 10 are active). */
  static String freshAnnaDevice() {
    Direct d = direct();
    for (Object o : api.get("anna.bvc", "/api/devices").json().getJsonArray("devices")) {
      String id = ((JsonObject) o).getString("id");
      if (!id.equals(d.anna().id()) && !id.equals(d.annaOther().id())) {
        api.delete("anna.bvc", "/api/devices/" + id);
      }
    }
    return Sealer.register(api, "anna.bvc", "Matris ny").id();
  }

  /**
   * A professional of Växjö kommun who exists only in this test and only in the shared child's team.
   * Whether someone shares a child with a person is a relation across all children; with the dev users
   * it would depend on what other test classes did before in the same stack, with this one it is the
   * matrix's own child.
   */
  private static String colleague;

  @BeforeAll
  static void prepare(TestStack testStack) throws Exception {
    stack = testStack;
    api = new Api(stack);
    shared = situation();
    colleague = TestUsers.create(stack, "prov", "vaxjo");
    api.addMemberOk("anna.bvc", shared.child(), colleague);
  }


  @TestFactory
  List<DynamicTest> everyOperationForEveryUser() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Operation op : operations()) {
      for (String user : USERS) {
        int expected = op.expected().get(user);
        tests.add(DynamicTest.dynamicTest(op.operationId() + " as " + user + " → " + expected, () -> {
          Situation s = op.changes() ? situation() : shared;
          Object body = op.body() == null ? null : op.body().apply(s);
          Http.Response r = stack.http().send(op.method(), op.path().apply(s),
              body == null ? Map.of("Authorization", "Bearer " + stack.token(user))
                  : Map.of("Authorization", "Bearer " + stack.token(user), "Content-Type", "application/json"),
              body == null ? null : body.toString());
          assertEquals(expected, r.status(), op.operationId() + " as " + user + ": " + r);
          // The RSVP page answers people with a page, not a problem document.
          if (expected >= 400 && !op.operationId().equals("getRsvpPage")) {
            assertEquals("application/problem+json", r.header("Content-Type"), r.toString());
          }
        }));
      }
    }
    return tests;
  }

  /** How the child's situation changes after the meeting was made, and who loses their basis for it. */
  record Loss(String name, java.util.function.Consumer<Situation> change, Map<String, Integer> reads, String lost) {
  }

  /**
   * Meeting reads after a withdrawal, a removal and a handover: whoever lost their basis gets 404 on
   * the meeting and its invitations, and cannot write notes, change or cancel it — the organiser too.
   */
  @TestFactory
  List<DynamicTest> meetingsAfterTheBasisIsGone() {
    List<Loss> losses = List.of(
        new Loss("withdrawal", s -> assertEquals(200, api.withdraw("anna.bvc", s.child(), s.consent()).status()),
            statuses(200, 404, 404, 404, 404, 404, 403, 200), "erik.rektor"),
        new Loss("removal", s -> assertEquals(204, api.delete("anna.bvc", "/api/children/" + s.child()
            + "/team/members/erik.rektor").status()), statuses(200, 404, 200, 404, 404, 404, 403, 200), "erik.rektor"),
        new Loss("handover", s -> assertEquals(200, api.post("anna.bvc", "/api/children/" + s.child() + "/handover",
            new JsonObject().put("toUsername", "erik.rektor").put("reason", "Skolstart")).status()),
            statuses(404, 200, 200, 404, 404, 404, 403, 200), "anna.bvc"));
    List<DynamicTest> tests = new ArrayList<>();
    for (Loss loss : losses) {
      tests.add(DynamicTest.dynamicTest("meetings after " + loss.name(), () -> {
        Situation s = situation();
        loss.change().accept(s);
        for (String user : USERS) {
          for (String path : List.of("/api/meetings/" + s.meeting(), "/api/meetings/" + s.meeting() + "/invitations")) {
            Http.Response r = api.get(user, path);
            assertEquals(loss.reads().get(user), r.status(), loss.name() + ": GET " + path + " as " + user + ": " + r);
          }
        }
        String lost = loss.lost();
        String meeting = "/api/meetings/" + s.meeting();
        assertEquals(404, api.patch(lost, meeting, new JsonObject().put("location", "Rum 4")).status(), lost + " changes it");
        assertEquals(404, stack.http().send("PUT", meeting + "/notes",
            Map.of("Authorization", "Bearer " + stack.token(lost), "Content-Type", "application/json"),
            new JsonObject().put("notes", "Efteråt").toString()).status(), lost + " writes notes");
        assertEquals(404, api.delete(lost, meeting).status(), lost + " cancels it");
        assertEquals("SCHEDULED", api.get("karin.guardian", meeting).json().getString("status"));
      }));
    }
    return tests;
  }

  @Test
  void theMatrixShouldCoverEveryOperationOfTheContract() throws Exception {
    Set<String> inContract = new TreeSet<>();
    String yaml = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/resources/openapi.yaml"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("operationId: (\\w+)").matcher(yaml);
    while (m.find()) {
      inContract.add(m.group(1));
    }
    inContract.removeAll(Set.of("getHealth", "getReadiness", "getClientConfig"));
    Set<String> covered = new TreeSet<>();
    operations().forEach(o -> covered.add(o.operationId()));
    Set<String> missing = new TreeSet<>(inContract);
    missing.removeAll(covered);
    assertTrue(missing.isEmpty(), "operations without authorization cases: " + missing);
  }
}
