package se.samverkan.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.direct.Sealer;
import se.samverkan.testing.Api;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/** Malformed input is refused with 400 problem+json before any handler runs, for every operation that takes input. */
@ExtendWith(SamverkanExtension.class)
class ValidationTest {

  private static TestStack stack;
  private static String child;
  private static String consent;

  record Bad(String operationId, String user, String method, String path, String body) {
  }

  @BeforeAll
  static void prepare(TestStack testStack) {
    stack = testStack;
    Api api = new Api(stack);
    child = api.registerChild("anna.bvc").getString("id");
    consent = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
  }

  static List<Bad> cases() {
    String c = "/api/children/" + child;
    String a = "anna.bvc";
    return List.of(
        new Bad("registerChild", a, "POST", "/api/children", "{"),
        new Bad("registerChild", a, "POST", "/api/children", "{}"),
        new Bad("registerChild", a, "POST", "/api/children", "{\"name\":\"\",\"birthDate\":\"2016-01-01\"}"),
        new Bad("registerChild", a, "POST", "/api/children", "{\"name\":\"X\",\"birthDate\":\"10 maj 2016\"}"),
        new Bad("registerChild", a, "POST", "/api/children", "{\"name\":\"X\",\"birthDate\":\"2016-02-30\"}"),
        new Bad("registerChild", a, "POST", "/api/children", "{\"name\":5,\"birthDate\":\"2016-01-01\"}"),
        new Bad("registerChild", a, "POST", "/api/children", "{\"name\":\"X\",\"birthDate\":\"2016-01-01\",\"extra\":1}"),
        new Bad("registerChild", a, "POST", "/api/children", "{\"name\":\"X\",\"birthDate\":\"2016-01-01\",\"personalNumber\":\"abc\"}"),
        new Bad("registerChild", a, "POST", "/api/children", "{\"name\":\"X\",\"birthDate\":\"2016-01-01\",\"schooling\":\"UNIVERSITY\"}"),
        new Bad("getChild", a, "GET", "/api/children/not-a-uuid", null),
        new Bad("updateChild", a, "PATCH", c, "{}"),
        new Bad("updateChild", a, "PATCH", c, "{\"schooling\":\"X\"}"),
        new Bad("addGuardian", a, "POST", c + "/guardians", "{\"name\":\"X\"}"),
        new Bad("addGuardian", a, "POST", c + "/guardians", "{\"name\":\"X\",\"email\":\"not-an-email\"}"),
        new Bad("addGuardian", a, "POST", c + "/guardians", "{\"name\":\"X\",\"email\":\"x@example.se\",\"username\":\"bad name\"}"),
        new Bad("unlinkGuardianAccount", a, "DELETE", c + "/guardians/not-a-uuid/account", null),
        new Bad("listConsents", a, "GET", "/api/children/123/consents", null),
        new Bad("recordConsent", a, "POST", c + "/consents", "{\"level\":\"MAYBE\",\"givenBy\":[\"K\"],\"organisations\":[],\"persons\":[],\"purpose\":\"p\"}"),
        new Bad("recordConsent", a, "POST", c + "/consents", "{\"level\":\"WRITTEN\",\"givenBy\":[],\"organisations\":[\"vaxjo\"],\"persons\":[],\"purpose\":\"p\"}"),
        new Bad("recordConsent", a, "POST", c + "/consents", "{\"level\":\"WRITTEN\",\"givenBy\":[\"K\"],\"organisations\":[],\"persons\":[],\"purpose\":\"p\"}"),
        new Bad("recordConsent", a, "POST", c + "/consents", "{\"level\":\"WRITTEN\",\"givenBy\":[\"K\"],\"organisations\":[\"vaxjo\"],\"persons\":[]}"),
        new Bad("recordConsent", a, "POST", c + "/consents", "{\"level\":\"WRITTEN\",\"givenBy\":[\"K\"],\"organisations\":[\"vaxjo\"],\"persons\":[],\"purpose\":\"p\",\"validUntil\":\"snart\"}"),
        new Bad("recordConsent", a, "POST", c + "/consents", "{\"level\":\"WRITTEN\",\"givenBy\":[\"K\"],\"organisations\":[],\"persons\":[],\"purpose\":\"p\",\"externalPersons\":[{\"name\":\"Psykolog\",\"email\":\"ingen adress\"}]}"),
        new Bad("recordConsent", a, "POST", c + "/consents", "{\"level\":\"WRITTEN\",\"givenBy\":[\"K\"],\"organisations\":[],\"persons\":[],\"purpose\":\"p\",\"externalPersons\":[{\"email\":\"p@example.se\"}]}"),
        new Bad("withdrawConsent", a, "POST", c + "/consents/" + consent + "/withdraw", "{}"),
        new Bad("withdrawConsent", a, "POST", c + "/consents/xyz/withdraw", "{\"reason\":\"r\"}"),
        new Bad("getTeam", a, "GET", "/api/children/xyz/team", null),
        new Bad("addTeamMember", a, "POST", c + "/team/members", "{}"),
        new Bad("addTeamMember", a, "POST", c + "/team/members", "{\"username\":\"\"}"),
        new Bad("addTeamMember", a, "POST", c + "/team/members", "[\"erik.rektor\"]"),
        new Bad("removeTeamMember", a, "DELETE", c + "/team/members/bad%20name", null),
        new Bad("appointCoordinator", a, "POST", c + "/team/coordinator", "{\"user\":\"erik.rektor\"}"),
        new Bad("handOver", a, "POST", c + "/handover", "{\"toUsername\":\"erik.rektor\"}"),
        new Bad("handOver", a, "POST", c + "/handover", "{\"toUsername\":\"erik.rektor\",\"reason\":\"r\",\"contactKind\":\"PRIEST\"}"),
        new Bad("getChildSharingLog", a, "GET", "/api/children/1/sharing-log", null),
        new Bad("recordSharing", a, "POST", c + "/sharing-log", "{\"what\":\"x\",\"purpose\":\"p\",\"legalBasis\":{\"type\":\"DUTY_TO_REPORT\"},\"familyNotified\":true}"),
        new Bad("recordSharing", a, "POST", c + "/sharing-log", "{\"what\":\"x\",\"recipients\":{\"persons\":[],\"organisations\":[\"vaxjo\"]},\"purpose\":\"p\",\"legalBasis\":{\"type\":\"GUT_FEELING\"},\"familyNotified\":true}"),
        new Bad("sendTeamMessage", a, "POST", c + "/team/messages", "{\"text\":\"hej\"}"),
        new Bad("sendTeamMessage", a, "POST", c + "/team/messages", "{\"clientId\":\"\",\"text\":\"hej\"}"),
        new Bad("sendTeamMessage", a, "POST", c + "/team/messages", "{\"clientId\":\"x\",\"text\":5}"),
        new Bad("listTeamMessages", a, "GET", c + "/team/messages?afterSeq=-1", null),
        new Bad("listTeamMessages", a, "GET", c + "/team/messages?limit=1000", null),
        new Bad("editTeamMessage", a, "PATCH", c + "/team/messages/nope", "{\"text\":\"x\"}"),
        new Bad("editTeamMessage", a, "PATCH", c + "/team/messages/" + java.util.UUID.randomUUID(), "{}"),
        new Bad("redactTeamMessage", a, "DELETE", c + "/team/messages/nope", null),
        new Bad("getReadMarkers", a, "GET", "/api/children/nope/team/read-markers", null),
        new Bad("markRead", a, "POST", c + "/team/read-markers", "{\"seq\":\"sist\"}"),
        new Bad("getInclusionProof", a, "GET", "/api/sharing-log/proof/inclusion?index=abc&size=1", null),
        new Bad("getInclusionProof", a, "GET", "/api/sharing-log/proof/inclusion?index=0", null),
        new Bad("getInclusionProofs", a, "POST", "/api/sharing-log/proof/inclusions", "{\"size\":1,\"indexes\":[]}"),
        new Bad("getInclusionProofs", a, "POST", "/api/sharing-log/proof/inclusions", "{\"size\":0,\"indexes\":[0]}"),
        new Bad("getInclusionProofs", a, "POST", "/api/sharing-log/proof/inclusions", "{\"size\":1,\"indexes\":[-1]}"),
        new Bad("getInclusionProofs", a, "POST", "/api/sharing-log/proof/inclusions",
            "{\"size\":300,\"indexes\":[" + "0,".repeat(256) + "0]}"),
        new Bad("getConsistencyProof", a, "GET", "/api/sharing-log/proof/consistency?from=0&to=1", null),
        new Bad("getFamilySharingLog", "karin.guardian", "GET", "/api/family/children/abc/sharing-log", null),
        new Bad("getFamilyConsents", "karin.guardian", "GET", "/api/family/children/abc/consents", null),
        new Bad("queryAccessLog", "sec.admin", "GET", "/api/admin/access-log?child=abc", null),
        new Bad("queryAccessLog", "sec.admin", "GET", "/api/admin/access-log?limit=0", null),
        new Bad("queryAccessLog", "sec.admin", "GET", "/api/admin/access-log?from=yesterday", null),
        new Bad("listAdminUsers", "sec.admin", "GET", "/api/admin/users?organisation=Not%20An%20Alias", null),
        new Bad("listAdminUsers", "sec.admin", "GET", "/api/admin/users?search=a%0Ab", null),
        new Bad("listUserSessions", "sec.admin", "GET", "/api/admin/users/bad%20name/sessions", null),
        new Bad("logoutUser", "sec.admin", "POST", "/api/admin/users/bad%20name/logout", null),
        new Bad("logoutUser", "sec.admin", "POST", "/api/admin/users/olof.ljungby/logout", "{\"reason\":\"a\\u0007b\"}"),
        new Bad("logoutUser", "sec.admin", "POST", "/api/admin/users/olof.ljungby/logout", "{\"extra\":1}"),
        new Bad("disableUser", "sec.admin", "POST", "/api/admin/users/olof.ljungby/disable", "{}"),
        new Bad("disableUser", "sec.admin", "POST", "/api/admin/users/olof.ljungby/disable", "{\"reason\":\"\"}"),
        new Bad("disableUser", "sec.admin", "POST", "/api/admin/users/olof.ljungby/disable", "{\"reason\":\"rad\\nbrytning\"}"),
        new Bad("enableUser", "sec.admin", "POST", "/api/admin/users/bad%20name/enable", null),
        new Bad("grantUserRole", "sec.admin", "PUT", "/api/admin/users/olof.ljungby/roles/guardian", null),
        new Bad("revokeUserRole", "sec.admin", "DELETE", "/api/admin/users/olof.ljungby/roles/security-admin-all", null),
        new Bad("querySecurityAudit", "sec.admin", "GET", "/api/admin/audit?from=yesterday", null),
        new Bad("queryAccessLog", "sec.admin", "GET", "/api/admin/access-log?kind=WRITE", null),
        new Bad("queryAccessLog", "sec.admin", "GET", "/api/admin/access-log?organisation=Region%20Kronoberg", null),
        new Bad("getAccessReview", "sec.admin", "GET", "/api/admin/access-review?sample=0", null),
        new Bad("getAccessReview", "sec.admin", "GET", "/api/admin/access-review?seed=-1", null),
        new Bad("getAccessReview", "sec.admin", "GET", "/api/admin/access-review?from=yesterday", null),
        new Bad("reviewAccessLogEntry", "sec.admin", "POST", "/api/admin/access-log/abc/review", "{\"verdict\":\"CHECKED\"}"),
        new Bad("reviewAccessLogEntry", "sec.admin", "POST", "/api/admin/access-log/1/review", "{}"),
        new Bad("reviewAccessLogEntry", "sec.admin", "POST", "/api/admin/access-log/1/review", "{\"verdict\":\"MAYBE\"}"),
        new Bad("reviewAccessLogEntry", "sec.admin", "POST", "/api/admin/access-log/1/review",
            "{\"verdict\":\"CHECKED\",\"note\":\"rad\\u0007\"}"),
        new Bad("listLoginEvents", "sec.admin", "GET", "/api/admin/login-events?type=PASSWORD", null),
        new Bad("listLoginEvents", "sec.admin", "GET", "/api/admin/login-events?from=igar", null),
        new Bad("listAdminEvents", "sec.admin", "GET", "/api/admin/admin-events?from=igar", null),
        new Bad("exportAccessLog", "sec.admin", "GET", "/api/admin/access-log/export?to=tomorrow", null),
        new Bad("listChildMeetings", a, "GET", "/api/children/nope/meetings", null),
        new Bad("scheduleMeeting", a, "POST", c + "/meetings", "{"),
        new Bad("scheduleMeeting", a, "POST", c + "/meetings", "{}"),
        new Bad("scheduleMeeting", a, "POST", c + "/meetings", meeting("\"kind\":\"PARTY\"", "[]")),
        new Bad("scheduleMeeting", a, "POST", c + "/meetings", meeting("\"kind\":\"CHILD_TEAM\",\"start\":\"i morgon\"", "[]")),
        new Bad("scheduleMeeting", a, "POST", c + "/meetings", meeting("\"kind\":\"CHILD_TEAM\"", "[{\"username\":\"bad name\"}]")),
        new Bad("scheduleMeeting", a, "POST", c + "/meetings",
            meeting("\"kind\":\"CHILD_TEAM\"", "[{\"name\":\"Karin\",\"email\":\"karin@example.se\"}]")),
        new Bad("scheduleMeeting", a, "POST", c + "/meetings",
            meeting("\"kind\":\"CHILD_TEAM\"", "[{\"name\":\"Karin\",\"email\":\"inte en adress\",\"role\":\"GUARDIAN\"}]")),
        new Bad("scheduleMeeting", a, "POST", c + "/meetings", meeting("\"kind\":\"CHILD_TEAM\",\"extra\":1", "[]")),
        new Bad("scheduleMeeting", a, "POST", c + "/meetings",
            meeting("\"kind\":\"CHILD_TEAM\",\"end\":\"2027-03-30T09:00:00+02:00\"", "[]")),
        new Bad("getMeeting", a, "GET", "/api/meetings/nope", null),
        new Bad("updateMeeting", a, "PATCH", "/api/meetings/" + java.util.UUID.randomUUID(), "{}"),
        new Bad("updateMeeting", a, "PATCH", "/api/meetings/" + java.util.UUID.randomUUID(), "{\"kind\":\"PARTY\"}"),
        new Bad("updateMeeting", a, "PATCH", "/api/meetings/" + java.util.UUID.randomUUID(), "{\"children\":[\"not-a-child\"]}"),
        new Bad("cancelMeeting", a, "DELETE", "/api/meetings/nope", null),
        new Bad("answerMeeting", a, "POST", "/api/meetings/" + java.util.UUID.randomUUID() + "/rsvp", "{\"answer\":\"MAYBE\"}"),
        new Bad("answerMeeting", a, "POST", "/api/meetings/" + java.util.UUID.randomUUID() + "/rsvp", "{\"answer\":\"NEEDS_ACTION\"}"),
        new Bad("listInvitations", a, "GET", "/api/meetings/nope/invitations", null),
        new Bad("setMeetingNotes", a, "PUT", "/api/meetings/" + java.util.UUID.randomUUID() + "/notes", "{\"notes\":5}"),
        new Bad("getRsvpPage", a, "GET", "/rsvp/short", null),
        new Bad("answerByLink", a, "POST", "/rsvp/" + "A".repeat(98), "{\"answer\":\"YES\"}"),
        new Bad("answerByLink", a, "POST", "/rsvp/" + "A".repeat(98), "{}"),
        new Bad("registerDevice", a, "POST", "/api/devices", "{\"label\":\"Dator\"}"),
        new Bad("registerDevice", a, "POST", "/api/devices", "{\"publicKey\":\"abc\",\"label\":\"Dator\"}"),
        new Bad("registerDevice", a, "POST", "/api/devices", "{\"publicKey\":\"" + "A".repeat(87) + "\",\"label\":\"Dator\"}"),
        new Bad("registerDevice", a, "POST", "/api/devices", "{\"publicKey\":\"" + Sealer.freshPublicKey() + "\",\"label\":\"\"}"),
        new Bad("removeDevice", a, "DELETE", "/api/devices/nope", null),
        new Bad("uploadDeviceHistory", a, "POST", "/api/devices/" + java.util.UUID.randomUUID() + "/history",
            "{\"fromDeviceId\":\"" + java.util.UUID.randomUUID() + "\",\"copies\":[]}"),
        new Bad("uploadDeviceHistory", a, "POST", "/api/devices/" + java.util.UUID.randomUUID() + "/history",
            "{\"fromDeviceId\":\"x\",\"copies\":[" + copy("messageId") + "]}"),
        new Bad("listUserDevices", a, "GET", "/api/users/bad%20name/devices", null),
        new Bad("verifyDevice", a, "PUT", "/api/users/erik.rektor/devices/nope/verification", null),
        new Bad("unverifyDevice", a, "DELETE", "/api/users/bad%20name/devices/" + java.util.UUID.randomUUID() + "/verification", null),
        new Bad("startConversation", a, "POST", c + "/conversations", "{}"),
        new Bad("startConversation", a, "POST", c + "/conversations", "{\"with\":\"bad name\"}"),
        new Bad("listDirectMessages", a, "GET", "/api/conversations/" + java.util.UUID.randomUUID() + "/messages", null),
        new Bad("listDirectMessages", a, "GET", "/api/conversations/" + java.util.UUID.randomUUID() + "/messages?deviceId="
            + java.util.UUID.randomUUID() + "&limit=501", null),
        new Bad("sendDirectMessage", a, "POST", "/api/conversations/" + java.util.UUID.randomUUID() + "/messages",
            "{\"clientId\":\"x\",\"senderDeviceId\":\"" + java.util.UUID.randomUUID() + "\",\"copies\":[]}"),
        new Bad("sendDirectMessage", a, "POST", "/api/conversations/" + java.util.UUID.randomUUID() + "/messages",
            "{\"clientId\":\"x\",\"senderDeviceId\":\"" + java.util.UUID.randomUUID() + "\",\"copies\":["
                + copy("deviceId").replace("\"enc\":\"" + "A".repeat(87), "\"enc\":\"" + "A".repeat(86) + "=") + "]}"),
        new Bad("markConversationRead", a, "POST", "/api/conversations/" + java.util.UUID.randomUUID() + "/read", "{\"seq\":-1}"));
  }

  /** A well-formed copy of a direct message (to a device or of a message, by {@code target}). */
  private static String copy(String target) {
    return "{\"" + target + "\":\"" + java.util.UUID.randomUUID() + "\",\"enc\":\"" + "A".repeat(87)
        + "\",\"ciphertext\":\"" + "A".repeat(40) + "\"}";
  }

  /** A meeting body with the given extra fields and participants; start and end are valid unless overridden. */
  private static String meeting(String fields, String participants) {
    String json = "{" + fields + ",\"title\":\"Möte\",\"participants\":" + participants;
    if (!fields.contains("\"start\"")) {
      json += ",\"start\":\"2027-03-30T10:00:00+02:00\"";
    }
    if (!fields.contains("\"end\"")) {
      json += ",\"end\":\"2027-03-30T11:00:00+02:00\"";
    }
    return json + "}";
  }

  @TestFactory
  List<DynamicTest> malformedInputShouldBe400ProblemJson() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Bad bad : cases()) {
      tests.add(DynamicTest.dynamicTest(bad.operationId() + " " + bad.method() + " " + bad.path() + " " + bad.body(), () -> {
        Http.Response r = stack.http().send(bad.method(), bad.path(),
            Map.of("Authorization", "Bearer " + stack.token(bad.user()), "Content-Type", "application/json"), bad.body());
        assertEquals(400, r.status(), r.toString());
        assertEquals("application/problem+json", r.header("Content-Type"));
        assertEquals("https://samverkan.se/problems/invalid-request", r.json().getString("type"), r.toString());
        assertTrue(!r.body().contains("Exception"), r.body());
      }));
    }
    return tests;
  }

  /**
   * ical4j escapes line breaks only as CRLF or LF: a bare CR in a place or a name would start a
   * calendar line of its own, and control characters forge log and mail lines. The contract refuses them.
   */
  static List<Bad> controlCharacterCases() {
    String c = "/api/children/" + child;
    String a = "anna.bvc";
    String meeting = "/api/meetings/" + java.util.UUID.randomUUID();
    return List.of(
        new Bad("scheduleMeeting", a, "POST", c + "/meetings",
            meeting("\"kind\":\"CHILD_TEAM\",\"location\":\"Rum 2\\rATTENDEE:mailto:x@example.se\"", "[]")),
        new Bad("scheduleMeeting", a, "POST", c + "/meetings",
            meeting("\"kind\":\"CHILD_TEAM\"", "[{\"name\":\"Karin\\rX\",\"email\":\"karin@example.se\",\"role\":\"GUARDIAN\"}]")),
        new Bad("scheduleMeeting", a, "POST", c + "/meetings",
            meeting("\"kind\":\"CHILD_TEAM\",\"agenda\":[\"Punkt\\r\\nEND:VEVENT\"]", "[]")),
        new Bad("scheduleMeeting", a, "POST", c + "/meetings",
            meeting("\"kind\":\"CHILD_TEAM\"", "[{\"name\":\"Karin\",\"email\":\"karin@example.se\\u0000\",\"role\":\"GUARDIAN\"}]")),
        new Bad("updateMeeting", a, "PATCH", meeting, "{\"title\":\"Möte\\r\"}"),
        new Bad("updateMeeting", a, "PATCH", meeting, "{\"location\":\"Rum\\u001b[31m\"}"),
        new Bad("addGuardian", a, "POST", c + "/guardians", "{\"name\":\"Karin\\rSvensson\",\"email\":\"k@example.se\"}"),
        new Bad("registerChild", a, "POST", "/api/children", "{\"name\":\"Barn\\n2\",\"birthDate\":\"2016-01-01\"}"),
        new Bad("recordConsent", a, "POST", c + "/consents", "{\"level\":\"WRITTEN\",\"givenBy\":[\"K\\r\"],\"organisations\":[\"vaxjo\"],\"persons\":[],\"purpose\":\"p\"}"),
        new Bad("recordConsent", a, "POST", c + "/consents", "{\"level\":\"WRITTEN\",\"givenBy\":[\"K\"],\"organisations\":[\"vaxjo\"],\"persons\":[],\"purpose\":\"p\\rq\"}"),
        new Bad("sendTeamMessage", a, "POST", c + "/team/messages", "{\"clientId\":\"x\",\"text\":\"hej\\u0007\"}"),
        new Bad("registerDevice", a, "POST", "/api/devices",
            "{\"publicKey\":\"" + Sealer.freshPublicKey() + "\",\"label\":\"Jobb\\rdator\"}"),
        new Bad("sendDirectMessage", a, "POST", "/api/conversations/" + java.util.UUID.randomUUID() + "/messages",
            "{\"clientId\":\"x\\u0007\",\"senderDeviceId\":\"" + java.util.UUID.randomUUID() + "\",\"copies\":["
                + copy("deviceId") + "]}"));
  }

  @TestFactory
  List<DynamicTest> controlCharactersInFreeTextShouldBe400ProblemJson() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Bad bad : controlCharacterCases()) {
      tests.add(DynamicTest.dynamicTest(bad.operationId() + " " + bad.body(), () -> {
        Http.Response r = stack.http().send(bad.method(), bad.path(),
            Map.of("Authorization", "Bearer " + stack.token(bad.user()), "Content-Type", "application/json"), bad.body());
        assertEquals(400, r.status(), r.toString());
        assertEquals("application/problem+json", r.header("Content-Type"));
        assertEquals("https://samverkan.se/problems/invalid-request", r.json().getString("type"), r.toString());
        // The same request without it passes the contract: the control character was the reason.
        String clean = bad.body().replaceAll("\\\\(?:r|n|u00[0-9a-fA-F]{2})", "");
        Http.Response accepted = stack.http().send(bad.method(), bad.path(),
            Map.of("Authorization", "Bearer " + stack.token(bad.user()), "Content-Type", "application/json"), clean);
        assertTrue(accepted.status() != 400, clean + " -> " + accepted);
      }));
    }
    return tests;
  }

  @Test
  void lineBreaksShouldStayAllowedWhereTextHasLines() {
    String c = "/api/children/" + child;
    Http.Response r = stack.http().send("POST", c + "/team/messages",
        Map.of("Authorization", "Bearer " + stack.token("anna.bvc"), "Content-Type", "application/json"),
        "{\"clientId\":\"lines-" + java.util.UUID.randomUUID() + "\",\"text\":\"Rad 1\\nRad 2\\tslut\"}");
    assertEquals(201, r.status(), r.toString());
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyOperationTakingInputShouldHaveAMalformedCase() throws Exception {
    Map<String, Object> contract = new org.yaml.snakeyaml.Yaml().load(
        java.nio.file.Files.readString(java.nio.file.Path.of("src/main/resources/openapi.yaml")));
    Set<String> withInput = new TreeSet<>();
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) contract.get("paths");
    paths.forEach((path, item) -> {
      boolean pathParameters = item.containsKey("parameters");
      item.forEach((method, value) -> {
        if (value instanceof Map<?, ?> op && op.containsKey("operationId")
            && (pathParameters || op.containsKey("parameters") || op.containsKey("requestBody"))) {
          withInput.add((String) op.get("operationId"));
        }
      });
    });
    assertTrue(withInput.contains("registerChild") && withInput.contains("getInclusionProof"), withInput.toString());
    Set<String> covered = new TreeSet<>();
    cases().forEach(b -> covered.add(b.operationId()));
    withInput.removeAll(covered);
    assertTrue(withInput.isEmpty(), "operations that take input but have no malformed case: " + withInput);
  }
}
