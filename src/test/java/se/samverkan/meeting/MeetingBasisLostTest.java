package se.samverkan.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.samverkan.testing.Api.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.Http;
import se.samverkan.testing.Mails;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * Meetings obey consent like everything else: whoever loses their basis — a consent withdrawn, a
 * removal from the team, a handover — loses the meeting at once (404, no notes, no changes), gets
 * exactly one CANCEL for themselves and no mail after it, while everyone else is left alone; and
 * every read of a meeting is in the access log, the organiser's included.
 */
@ExtendWith(SamverkanExtension.class)
class MeetingBasisLostTest {

  private static final Duration MAIL_WAIT = Duration.ofSeconds(60);

  private static TestStack stack;
  private static Api api;

  @BeforeAll
  static void api(TestStack testStack) {
    stack = testStack;
    api = new Api(testStack);
  }

  private static String uid(String meetingId) {
    return meetingId + "@" + java.net.URI.create(stack.baseUrl()).getHost();
  }

  private static String schedule(String child, JsonArray participants) {
    Http.Response r = api.post("anna.bvc", "/api/children/" + child + "/meetings", new JsonObject()
        .put("kind", "CHILD_TEAM").put("title", "Arbetsmöte om Testbarnet")
        .put("start", "2027-10-05T13:00:00+02:00").put("end", "2027-10-05T14:00:00+02:00")
        .put("location", "Hagaskolan").put("participants", participants));
    assertEquals(201, r.status(), r.toString());
    return r.json().getString("id");
  }

  private static JsonArray accounts(String... usernames) {
    JsonArray out = new JsonArray();
    for (String u : usernames) {
      out.add(new JsonObject().put("username", u));
    }
    return out;
  }

  private static List<Mails> awaitMails(String meetingId, String method, int count) throws InterruptedException {
    String uid = uid(meetingId);
    List<Mails> found = stack.smtp().await(m -> {
      Mails mail = Mails.of(m);
      return mail.calendarText() != null && uid.equals(mail.uid()) && method.equals(mail.method());
    }, count, MAIL_WAIT).stream().map(Mails::of).toList();
    assertEquals(count, found.size(), method + " mails for " + meetingId);
    return found;
  }

  private static List<Mails> mailsTo(String address, String meetingId) {
    String uid = uid(meetingId);
    return stack.smtp().received().stream().map(Mails::of)
        .filter(m -> m.to().equalsIgnoreCase(address) && (uid.equals(m.uid()) || m.text() != null && m.text().contains(meetingId))).toList();
  }

  private static String emailOf(String meetingId, String username) {
    return api.get("anna.bvc", "/api/meetings/" + meetingId + "/invitations").json().getJsonArray("invitations").stream()
        .map(o -> (JsonObject) o).filter(p -> username.equals(p.getString("username"))).findFirst().orElseThrow()
        .getString("email");
  }

  private static Http.Response putNotes(String user, String meetingId) {
    return stack.http().send("PUT", "/api/meetings/" + meetingId + "/notes",
        Map.of("Authorization", "Bearer " + stack.token(user), "Content-Type", "application/json"),
        new JsonObject().put("notes", "Skrivet efteråt").encode());
  }

  private static List<String> myMeetings(String user) {
    return api.get(user, "/api/meetings").json().getJsonArray("meetings").stream()
        .map(m -> ((JsonObject) m).getString("id")).toList();
  }

  private static List<String> participantUsernames(String meetingId) {
    return api.get("anna.bvc", "/api/meetings/" + meetingId).json().getJsonArray("participants").stream()
        .map(p -> ((JsonObject) p).getString("username")).filter(java.util.Objects::nonNull).toList();
  }

  /** Asserts that someone who lost their basis sees, writes and changes nothing of the meeting. */
  private static void assertShutOut(String user, String meetingId) {
    assertProblem(api.get(user, "/api/meetings/" + meetingId), 404, "not-found");
    assertProblem(putNotes(user, meetingId), 404, "not-found");
    assertProblem(api.get(user, "/api/meetings/" + meetingId + "/invitations"), 404, "not-found");
    assertProblem(api.patch(user, "/api/meetings/" + meetingId, new JsonObject().put("location", "Annat rum")), 404, "not-found");
    assertProblem(api.delete(user, "/api/meetings/" + meetingId), 404, "not-found");
    assertFalse(myMeetings(user).contains(meetingId), user + " still lists the meeting");
  }

  private static int accessLogRows(String username, String child, String action, String outcome) throws Exception {
    try (Connection db = stack.jdbc(); PreparedStatement q = db.prepareStatement(
        "SELECT count(*) FROM access_log WHERE username = ? AND child_id = ?::uuid AND action = ? AND outcome = ?")) {
      q.setString(1, username);
      q.setString(2, child);
      q.setString(3, action);
      q.setString(4, outcome);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void withdrawnConsentShouldEndMeetingSightNotesAndMail() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    String vaxjo = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    // Sara is named by a consent of her own, which stays.
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of(), List.of("sara.elevhalsa"));
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    String guardian = "karin+" + UUID.randomUUID().toString().substring(0, 8) + "@example.se";
    api.addGuardianAddress("anna.bvc", child, guardian);
    JsonArray participants = accounts("erik.rektor", "sara.elevhalsa")
        .add(new JsonObject().put("name", "Karin Johansson").put("email", guardian).put("role", "GUARDIAN"));
    String id = schedule(child, participants);
    awaitMails(id, "REQUEST", 3);
    String erik = emailOf(id, "erik.rektor");
    assertEquals(200, api.get("erik.rektor", "/api/meetings/" + id).status());

    assertEquals(200, api.withdraw("anna.bvc", child, vaxjo).status());
    assertShutOut("erik.rektor", id);

    List<Mails> cancels = awaitMails(id, "CANCEL", 1);
    assertEquals(erik, cancels.get(0).to(), "the CANCEL is for Erik alone");
    assertEquals(List.of("sara.elevhalsa"), participantUsernames(id), "Erik is no longer invited");

    // A later change reaches the others, not Erik; nor does the reminder.
    assertEquals(200, api.patch("anna.bvc", "/api/meetings/" + id, new JsonObject().put("location", "Rum 4")).status());
    List<Mails> updates = stack.smtp().await(m -> {
      Mails mail = Mails.of(m);
      return uid(id).equals(mail.uid()) && "REQUEST".equals(mail.method()) && mail.sequence() == 1;
    }, 2, MAIL_WAIT).stream().map(Mails::of).toList();
    assertEquals(java.util.Set.of("sara.elevhalsa@vaxjo.se", guardian),
        updates.stream().map(Mails::to).collect(java.util.stream.Collectors.toSet()));
    try (Connection db = stack.jdbc(); PreparedStatement q = db.prepareStatement(
        "UPDATE meeting SET reminder_at = now() - interval '1 second' WHERE id = ?::uuid")) {
      q.setString(1, id);
      assertEquals(1, q.executeUpdate());
    }
    stack.smtp().await(m -> {
      Mails mail = Mails.of(m);
      return mail.subject().startsWith("Påminnelse") && mail.to().equals("sara.elevhalsa@vaxjo.se") && mail.text().contains(id);
    }, 1, MAIL_WAIT);
    List<Mails> toErik = mailsTo(erik, id);
    assertEquals(List.of("REQUEST", "CANCEL"), toErik.stream().map(Mails::method).toList(),
        "Erik got his invitation and his cancellation, nothing after: " + toErik.stream().map(Mails::subject).toList());
    assertTrue(mailsTo("sara.elevhalsa@vaxjo.se", id).stream().noneMatch(m -> "CANCEL".equals(m.method())));
    assertTrue(mailsTo(guardian, id).stream().noneMatch(m -> "CANCEL".equals(m.method())));
    assertTrue(accessLogRows("erik.rektor", child, "meeting.read", "DENIED") >= 1, "Erik's refused read is logged");
  }

  @Test
  void aWithdrawalWhoseReconciliationWasLostShouldStillStopTheReminderAndCancel() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    String police = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of(), List.of("maria.polis"));
    String id = schedule(child, accounts("erik.rektor", "maria.polis"));
    awaitMails(id, "REQUEST", 2);
    String maria = emailOf(id, "maria.polis");

    // As if the server crashed right after the withdrawal committed: the row is there, no event ever went out.
    try (Connection db = stack.jdbc(); PreparedStatement q = db.prepareStatement("""
        INSERT INTO consent_withdrawal (consent_id, withdrawn_by_subject, withdrawn_by_username, reason_ct)
        VALUES (?::uuid, ?::uuid, 'anna.bvc', '\\x00'::bytea)""")) {
      q.setString(1, police);
      q.setString(2, UUID.randomUUID().toString());
      assertEquals(1, q.executeUpdate());
    }
    assertProblem(api.get("maria.polis", "/api/meetings/" + id), 404, "not-found");
    try (Connection db = stack.jdbc(); PreparedStatement q = db.prepareStatement(
        "UPDATE meeting SET reminder_at = now() - interval '1 second' WHERE id = ?::uuid")) {
      q.setString(1, id);
      assertEquals(1, q.executeUpdate());
    }
    // The mail job checks the basis before the reminder and has the reconciliation take her out.
    List<Mails> cancels = awaitMails(id, "CANCEL", 1);
    assertEquals(maria, cancels.get(0).to());
    stack.smtp().await(m -> {
      Mails mail = Mails.of(m);
      return mail.subject().startsWith("Påminnelse") && mail.to().equals("erik.rektor@vaxjo.se") && mail.text().contains(id);
    }, 1, MAIL_WAIT);
    assertEquals(List.of("REQUEST", "CANCEL"), mailsTo(maria, id).stream().map(Mails::method).toList(),
        "no reminder for Maria");
  }

  @Test
  void removalFromTheTeamShouldEndMeetingSightAndMailForThemOnly() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo", "polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "maria.polis");
    String id = schedule(child, accounts("maria.polis", "erik.rektor"));
    awaitMails(id, "REQUEST", 2);
    String maria = emailOf(id, "maria.polis");
    assertEquals(200, putNotes("maria.polis", id).status(), "an invited professional writes notes");

    assertEquals(204, api.delete("anna.bvc", "/api/children/" + child + "/team/members/maria.polis").status());
    // The consent still names the police: the removal alone ends her part in the team's meetings.
    assertShutOut("maria.polis", id);
    List<Mails> cancels = awaitMails(id, "CANCEL", 1);
    assertEquals(maria, cancels.get(0).to());
    assertEquals(List.of("erik.rektor"), participantUsernames(id));
    assertEquals(200, api.get("erik.rektor", "/api/meetings/" + id).status(), "Erik keeps the meeting");
  }

  @Test
  void handoverShouldEndTheFormerOrganisersSightAndManagement() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    String id = schedule(child, accounts("anna.bvc", "erik.rektor", "sara.elevhalsa"));
    awaitMails(id, "REQUEST", 3);
    String anna = emailOf(id, "anna.bvc");

    Http.Response handover = api.post("anna.bvc", "/api/children/" + child + "/handover",
        new JsonObject().put("toUsername", "erik.rektor").put("reason", "Skolstart"));
    assertEquals(200, handover.status(), handover.toString());
    assertShutOut("anna.bvc", id);

    List<Mails> cancels = awaitMails(id, "CANCEL", 1);
    assertEquals(anna, cancels.get(0).to(), "the former organiser's own participation is cancelled, nobody else's");
    JsonObject seen = api.get("erik.rektor", "/api/meetings/" + id).json();
    assertTrue(seen.getBoolean("mayManage"), "the new ChildContact manages the meeting");
    assertEquals(200, api.patch("erik.rektor", "/api/meetings/" + id, new JsonObject().put("location", "Rum 7")).status());
    assertEquals(200, api.get("sara.elevhalsa", "/api/meetings/" + id).status(), "Sara keeps it on the consent");
  }

  @Test
  void everyMeetingReadShouldReachTheAccessLogTheOrganisersToo() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    api.addGuardian("anna.bvc", child, "karin.guardian");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    String id = schedule(child, accounts("erik.rektor", "karin.guardian"));
    for (String user : List.of("anna.bvc", "erik.rektor", "karin.guardian")) {
      int before = accessLogRows(user, child, "meeting.read", "GRANTED");
      assertEquals(200, api.get(user, "/api/meetings/" + id).status(), user);
      assertEquals(before + 1, accessLogRows(user, child, "meeting.read", "GRANTED"), user + "'s read is logged");
    }
    int invitations = accessLogRows("anna.bvc", child, "meeting.invitations", "GRANTED");
    assertEquals(200, api.get("anna.bvc", "/api/meetings/" + id + "/invitations").status());
    assertEquals(invitations + 1, accessLogRows("anna.bvc", child, "meeting.invitations", "GRANTED"));
    int listed = accessLogRows("erik.rektor", child, "meeting.list", "GRANTED");
    assertTrue(myMeetings("erik.rektor").contains(id));
    assertEquals(listed + 1, accessLogRows("erik.rektor", child, "meeting.list", "GRANTED"), "a listed meeting is a read too");
    assertProblem(api.get("lars.soc", "/api/meetings/" + id), 404, "not-found");
    assertEquals(1, accessLogRows("lars.soc", child, "meeting.read", "DENIED"));
  }
}
