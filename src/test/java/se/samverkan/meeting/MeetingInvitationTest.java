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
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
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
 * Meetings against the real stack with GreenMail as the SMTP server: invitations as iMIP mails
 * that parse with ical4j, changes and cancellations, an SMTP outage, the personal RSVP links and
 * the consent gates.
 */
@ExtendWith(SamverkanExtension.class)
class MeetingInvitationTest {

  private static final Duration MAIL_WAIT = Duration.ofSeconds(60);
  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  private static final DateTimeFormatter ICAL_LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
  // Sweden moves to summer time on 28 March 2027: the first slot is in winter time, the second in summer time.
  private static final String WINTER_START = "2027-03-26T10:00:00+01:00";
  private static final String WINTER_END = "2027-03-26T11:30:00+01:00";
  private static final String SUMMER_START = "2027-03-30T10:00:00+02:00";
  private static final String SUMMER_END = "2027-03-30T11:30:00+02:00";

  private static TestStack stack;
  private static Api api;

  @BeforeAll
  static void api(TestStack testStack) {
    stack = testStack;
    api = new Api(testStack);
  }

  /** The calendar UID of a meeting: its id at the server's public host. */
  private static String uid(String meetingId) {
    return meetingId + "@" + java.net.URI.create(stack.baseUrl()).getHost();
  }

  /** A child of anna's with updated written consent for Växjö kommun (erik.rektor, sara.elevhalsa). */
  private static String childWithConsent() {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    return child;
  }

  /** A fresh address, recorded for a guardian of the child (family is invited only at an address on record). */
  private static String guardianAddress(String child) {
    String address = "karin+" + UUID.randomUUID().toString().substring(0, 8) + "@example.se";
    api.addGuardianAddress("anna.bvc", child, address);
    return address;
  }

  private static JsonObject meetingBody(String start, String end, String guardianEmail, String... usernames) {
    JsonArray participants = new JsonArray();
    for (String u : usernames) {
      participants.add(new JsonObject().put("username", u));
    }
    if (guardianEmail != null) {
      participants.add(new JsonObject().put("name", "Karin Johansson").put("email", guardianEmail).put("role", "GUARDIAN"));
    }
    return new JsonObject().put("kind", "CHILD_TEAM_FIRST").put("title", "Första mötet om Testbarnet")
        .put("start", start).put("end", end).put("location", "Hagaskolan, rum 12").put("participants", participants);
  }

  private static JsonObject schedule(String child, JsonObject body) {
    Http.Response r = api.post("anna.bvc", "/api/children/" + child + "/meetings", body);
    assertEquals(201, r.status(), r.toString());
    return r.json();
  }

  /** The mails about one meeting (by calendar UID) with the given method and sequence. */
  private static List<Mails> awaitMails(String meetingId, String method, int sequence, int count) throws InterruptedException {
    String uid = uid(meetingId);
    List<Mails> found = stack.smtp().await(m -> {
      Mails mail = Mails.of(m);
      return mail.calendarText() != null && uid.equals(mail.uid()) && method.equals(mail.method()) && mail.sequence() == sequence;
    }, count, MAIL_WAIT).stream().map(Mails::of).toList();
    assertEquals(count, found.size(), "mails " + method + " seq " + sequence + " for " + meetingId);
    return found;
  }

  private static List<Mails> mailsAbout(String meetingId) {
    String uid = uid(meetingId);
    return stack.smtp().received().stream().map(Mails::of).filter(m -> m.calendarText() != null && uid.equals(m.uid())).toList();
  }

  private static Set<String> recipients(List<Mails> mails) {
    return mails.stream().map(Mails::to).collect(Collectors.toSet());
  }

  private static String localStart(VEvent event) {
    Property start = event.getProperty("DTSTART").orElseThrow();
    assertEquals("Europe/Stockholm", start.getParameter("TZID").orElseThrow().getValue(), "DTSTART carries the time zone");
    return start.getValue();
  }

  @Test
  void schedulingShouldMailEveryParticipantAnInvitationThatParsesWithIcal4j() throws Exception {
    String child = childWithConsent();
    String childName = api.get("anna.bvc", "/api/children/" + child).json().getString("name");
    String guardian = guardianAddress(child);
    JsonObject meeting = schedule(child, meetingBody(WINTER_START, WINTER_END, guardian, "erik.rektor", "sara.elevhalsa"));
    String id = meeting.getString("id");

    List<Mails> mails = awaitMails(id, "REQUEST", 0, 3);
    assertEquals(Set.of("erik.rektor@vaxjo.se", "sara.elevhalsa@vaxjo.se", guardian), recipients(mails));
    for (Mails mail : mails) {
      assertTrue(mail.calendarContentType().toLowerCase().contains("method=request"), mail.calendarContentType());
      assertEquals(uid(id), mail.uid(), "the UID names the server's host");
      VEvent event = mail.event();
      assertEquals("mailto:" + mail.to(), event.getProperty("ATTENDEE").orElseThrow().getValue().toLowerCase());
      assertEquals("NEEDS-ACTION", event.getProperty("ATTENDEE").orElseThrow().getParameter("PARTSTAT").orElseThrow().getValue());
      // Replies from calendar programs reach no one in Samverkan: RSVP=FALSE, answers go through the link,
      // and the ORGANIZER is anna (whom a reply would reach), sent by Samverkan's address on her behalf.
      Property attendee = event.getProperty("ATTENDEE").orElseThrow();
      assertEquals("FALSE", attendee.getParameter("RSVP").orElseThrow().getValue(), "RSVP");
      Property organizer = event.getProperty("ORGANIZER").orElseThrow();
      assertEquals("mailto:anna.bvc@regionkronoberg.se", organizer.getValue());
      assertEquals("Anna Bergström", organizer.getParameter("CN").orElseThrow().getValue());
      assertEquals("mailto:samverkan@localhost", organizer.getParameter("SENT-BY").orElseThrow().getValue().toLowerCase());
      assertTrue(mail.text().contains("Svara inte via kalenderprogrammets knappar"), mail.text());
      assertFalse(mail.calendarText().contains("/rsvp/"), "no personal link in the calendar part: " + mail.calendarText());
      assertTrue(event.getComponent("VALARM").isPresent(), "VALARM reminder");
      assertTrue(mail.calendar().orElseThrow().getComponent("VTIMEZONE").isPresent(), "VTIMEZONE");
      assertEquals("20270326T100000", localStart(event), "10.00 Swedish winter time");
      assertEquals(Instant.parse("2027-03-26T09:00:00Z"),
          LocalDateTime.parse(localStart(event), ICAL_LOCAL).atZone(STOCKHOLM).toInstant());
      assertTrue(mail.text().contains("fredag 26 mars 2027 kl. 10.00–11.30"), mail.text());
      assertIndependentParserAgrees(mail, id, Instant.parse("2027-03-26T09:00:00Z"), Instant.parse("2027-03-26T10:30:00Z"));
      assertFalse(mail.raw().contains(childName), "the child's name is in a mail");
      assertFalse(mail.raw().contains("Testbarnet"), "the meeting's title is in a mail");
    }
    Mails toGuardian = mails.stream().filter(m -> m.to().equals(guardian)).findFirst().orElseThrow();
    assertTrue(toGuardian.rsvpToken().isPresent(), "the guardian's mail has a personal link: " + toGuardian.text());
    Mails toErik = mails.stream().filter(m -> m.to().equals("erik.rektor@vaxjo.se")).findFirst().orElseThrow();
    assertTrue(toErik.text().contains("/#/moten/" + id), "an account holder answers in the app: " + toErik.text());
    assertTrue(toErik.rsvpToken().isEmpty(), "no personal link for account holders");

    JsonArray invitations = awaitDelivery(id, "SENT");
    assertEquals(3, invitations.size());
    invitations.forEach(i -> assertEquals("NEEDS_ACTION", ((JsonObject) i).getString("answer")));
  }

  /** biweekly, an iCalendar implementation independent of ical4j, reads the same invitation. */
  private static void assertIndependentParserAgrees(Mails mail, String meetingId, Instant start, Instant end) {
    biweekly.ICalendar parsed = biweekly.Biweekly.parse(mail.calendarText()).first();
    assertEquals("REQUEST", parsed.getMethod().getValue());
    biweekly.component.VEvent event = parsed.getEvents().get(0);
    assertEquals(uid(meetingId), event.getUid().getValue());
    assertEquals(0, event.getSequence().getValue());
    assertEquals(start, event.getDateStart().getValue().toInstant(), "DTSTART read through the calendar's own VTIMEZONE");
    assertEquals(end, event.getDateEnd().getValue().toInstant());
    assertEquals(mail.to(), event.getAttendees().get(0).getEmail().toLowerCase());
    assertEquals(1, event.getAlarms().size(), "VALARM");
  }

  /** Polls the delivery status until every invitation has {@code state}. */
  private static JsonArray awaitDelivery(String meetingId, String state) throws Exception {
    return awaitInvitations(meetingId, MAIL_WAIT, i -> state.equals(((JsonObject) i).getString("delivery")),
        "delivery never became " + state + ": ");
  }

  /** Polls the invitations of a meeting until every one of them matches. */
  private static JsonArray awaitInvitations(String meetingId, Duration timeout, java.util.function.Predicate<Object> each,
      String failure) throws Exception {
    java.util.concurrent.atomic.AtomicReference<JsonArray> invitations = new java.util.concurrent.atomic.AtomicReference<>();
    Eventually.await(timeout, () -> {
      invitations.set(api.get("anna.bvc", "/api/meetings/" + meetingId + "/invitations").json().getJsonArray("invitations"));
      assertTrue(invitations.get().stream().allMatch(each), () -> failure + invitations.get().encode());
    });
    return invitations.get();
  }

  @Test
  void movingShouldSendAHigherSequenceToAllAndCancellingShouldSendCancel() throws Exception {
    String child = childWithConsent();
    String guardian = guardianAddress(child);
    String id = schedule(child, meetingBody(WINTER_START, WINTER_END, guardian, "erik.rektor", "sara.elevhalsa")).getString("id");
    awaitMails(id, "REQUEST", 0, 3);

    Http.Response moved = api.patch("anna.bvc", "/api/meetings/" + id,
        new JsonObject().put("start", SUMMER_START).put("end", SUMMER_END));
    assertEquals(200, moved.status(), moved.toString());
    assertEquals(1, moved.json().getInteger("sequence"));
    List<Mails> updates = awaitMails(id, "REQUEST", 1, 3);
    assertEquals(Set.of("erik.rektor@vaxjo.se", "sara.elevhalsa@vaxjo.se", guardian), recipients(updates));
    for (Mails mail : updates) {
      assertEquals("20270330T100000", localStart(mail.event()), "still 10.00 local time after the change to summer time");
      assertEquals(Instant.parse("2027-03-30T08:00:00Z"),
          LocalDateTime.parse(localStart(mail.event()), ICAL_LOCAL).atZone(STOCKHOLM).toInstant());
    }

    // Removing one participant: she alone gets a CANCEL; the others an update.
    Http.Response without = api.patch("anna.bvc", "/api/meetings/" + id, new JsonObject().put("participants", new JsonArray()
        .add(new JsonObject().put("username", "erik.rektor"))
        .add(new JsonObject().put("name", "Karin Johansson").put("email", guardian).put("role", "GUARDIAN"))));
    assertEquals(200, without.status(), without.toString());
    List<Mails> removal = awaitMails(id, "CANCEL", 2, 1);
    assertEquals("sara.elevhalsa@vaxjo.se", removal.get(0).to());
    assertEquals(Set.of("erik.rektor@vaxjo.se", guardian), recipients(awaitMails(id, "REQUEST", 2, 2)));

    assertEquals(204, api.delete("anna.bvc", "/api/meetings/" + id).status());
    List<Mails> cancels = awaitMails(id, "CANCEL", 3, 2);
    assertEquals(Set.of("erik.rektor@vaxjo.se", guardian), recipients(cancels));
    cancels.forEach(c -> assertEquals("CANCELLED", c.event().getProperty("STATUS").orElseThrow().getValue()));
    assertEquals("CANCELLED", api.get("anna.bvc", "/api/meetings/" + id).json().getString("status"));
    assertProblem(api.delete("anna.bvc", "/api/meetings/" + id), 409, "conflict");
  }

  @Test
  void changesOutsideTheCalendarEntryShouldNotMailThoseAlreadyInvited() throws Exception {
    String child = childWithConsent();
    String id = schedule(child, meetingBody(SUMMER_START, SUMMER_END, null, "erik.rektor")).getString("id");
    awaitMails(id, "REQUEST", 0, 1);

    Http.Response retitled = api.patch("anna.bvc", "/api/meetings/" + id, new JsonObject().put("title", "Nytt namn")
        .put("agenda", new JsonArray().add("Barnets plan").add("Nästa steg")));
    assertEquals(200, retitled.status(), retitled.toString());
    assertEquals(0, retitled.json().getInteger("sequence"), "title and agenda are not in anyone's calendar");

    Http.Response added = api.patch("anna.bvc", "/api/meetings/" + id, new JsonObject().put("participants", new JsonArray()
        .add(new JsonObject().put("username", "erik.rektor")).add(new JsonObject().put("username", "sara.elevhalsa"))));
    assertEquals(200, added.status(), added.toString());
    assertEquals("sara.elevhalsa@vaxjo.se", awaitMails(id, "REQUEST", 0, 2).stream()
        .filter(m -> !m.to().equals("erik.rektor@vaxjo.se")).findFirst().orElseThrow().to());
    stack.awaitMailOutboxPass();
    assertEquals(2, mailsAbout(id).size(), "erik got no second mail: " + mailsAbout(id).stream().map(Mails::to).toList());

    Http.Response moved = api.patch("anna.bvc", "/api/meetings/" + id, new JsonObject().put("location", "Aulan"));
    assertEquals(1, moved.json().getInteger("sequence"));
    assertEquals(Set.of("erik.rektor@vaxjo.se", "sara.elevhalsa@vaxjo.se"), recipients(awaitMails(id, "REQUEST", 1, 2)));
  }

  @Test
  void invitationsShouldWaitOutAnSmtpOutageAndGoOutExactlyOnce() throws Exception {
    String child = childWithConsent();
    String guardian = guardianAddress(child);
    stack.smtp().stop();
    String id;
    try {
      id = schedule(child, meetingBody(SUMMER_START, SUMMER_END, guardian, "erik.rektor", "sara.elevhalsa")).getString("id");
      // Attempts fail while the server is away; the organiser sees that they are being retried, and why.
      java.util.function.Predicate<Object> retried = i -> "PENDING".equals(((JsonObject) i).getString("delivery"))
          && ((JsonObject) i).getInteger("attempts", 0) > 0 && ((JsonObject) i).getString("lastError") != null;
      JsonArray invitations = awaitInvitations(id, Duration.ofSeconds(30), retried, "");
      assertTrue(invitations.stream().allMatch(retried), "pending, with attempts and the last error: " + invitations.encode());
    } finally {
      stack.smtp().start();
    }
    awaitMails(id, "REQUEST", 0, 3);
    awaitDelivery(id, "SENT");
    // Later retries must not send them again: the next pass of the outbox would.
    stack.awaitMailOutboxPass();
    List<Mails> all = mailsAbout(id);
    assertEquals(3, all.size(), "each invitation exactly once: " + all.stream().map(Mails::to).toList());
  }

  @Test
  void rsvpLinkShouldAnswerOncePerChangeOnlyForItsOwnMeetingAndExpire() throws Exception {
    String child = childWithConsent();
    String guardian = guardianAddress(child);
    String id = schedule(child, meetingBody(SUMMER_START, SUMMER_END, guardian, "erik.rektor")).getString("id");
    String other = schedule(child, meetingBody("2027-04-02T13:00:00+02:00", "2027-04-02T14:00:00+02:00", guardianAddress(child),
        "erik.rektor")).getString("id");
    Mails mail = awaitMails(id, "REQUEST", 0, 2).stream().filter(m -> m.to().equals(guardian)).findFirst().orElseThrow();
    String token = mail.rsvpToken().orElseThrow();

    Http.Response page = stack.http().get("/rsvp/" + token);
    assertEquals(200, page.status(), page.toString());
    assertTrue(page.header("Content-Type").startsWith("text/html"), page.header("Content-Type"));
    assertTrue(page.body().contains("tisdag 30 mars 2027 kl. 10.00–11.30"), page.body());
    assertTrue(page.body().contains("Hagaskolan, rum 12"), page.body());
    assertEquals("no-store", page.header("Cache-Control"));

    JsonObject accepted = answerByLink(token, "ACCEPTED", 200).json();
    assertTrue(accepted.getBoolean("changed"));
    assertEquals("ACCEPTED", accepted.getString("answer"));
    assertFalse(answerByLink(token, "ACCEPTED", 200).json().getBoolean("changed"), "the same answer again changes nothing");
    assertTrue(answerByLink(token, "DECLINED", 200).json().getBoolean("changed"));
    JsonObject seen = invitationTo(id, guardian);
    assertEquals("DECLINED", seen.getString("answer"), "the organiser sees the answer");
    assertEquals("NEEDS_ACTION", invitationTo(other, null).getString("answer"), "the other meeting is untouched");

    // The same participant, pointed at another meeting, with a valid signature: refused.
    RsvpTokens tokens = MailOutboxJob.rsvpTokens(stack.app().shared().masterKey());
    UUID participant = UUID.fromString(seen.getString("id"));
    String crossed = tokens.issue(participant, UUID.fromString(other), Instant.now().plus(Duration.ofDays(1)));
    assertProblem(answer(crossed, "ACCEPTED"), 404, "not-found");
    assertEquals(404, stack.http().get("/rsvp/" + crossed).status());

    // One changed character: refused.
    char last = token.charAt(token.length() - 1);
    String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertProblem(answer(tampered, "ACCEPTED"), 404, "not-found");
    String flippedInside = token.substring(0, 10) + (token.charAt(10) == 'x' ? 'y' : 'x') + token.substring(11);
    assertProblem(answer(flippedInside, "ACCEPTED"), 404, "not-found");

    // Expired: a link issued for this very participant that ran out a minute ago.
    String expired = tokens.issue(participant, UUID.fromString(id), Instant.now().minus(Duration.ofMinutes(1)));
    assertProblem(answer(expired, "ACCEPTED"), 410, "link-expired");
    Http.Response expiredPage = stack.http().get("/rsvp/" + expired);
    assertEquals(410, expiredPage.status());
    assertTrue(expiredPage.body().contains("Länken har gått ut"), expiredPage.body());
    assertEquals("DECLINED", invitationTo(id, guardian).getString("answer"), "refused links changed nothing");

    // After the meeting is cancelled the link answers no more.
    assertEquals(204, api.delete("anna.bvc", "/api/meetings/" + id).status());
    assertProblem(answer(token, "ACCEPTED"), 409, "conflict");
  }

  private static Instant reminderAt(String meetingId) throws Exception {
    try (Connection db = stack.jdbc(); PreparedStatement q = db.prepareStatement("SELECT reminder_at FROM meeting WHERE id = ?::uuid")) {
      q.setString(1, meetingId);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
      }
    }
  }

  private static Http.Response answer(String token, String answer) {
    return stack.http().send("POST", "/rsvp/" + token, Map.of("Content-Type", "application/json"),
        new JsonObject().put("answer", answer).encode());
  }

  private static Http.Response answerByLink(String token, String answer, int status) {
    Http.Response r = answer(token, answer);
    assertEquals(status, r.status(), r.toString());
    return r;
  }

  private static JsonObject invitationTo(String meetingId, String email) {
    JsonArray invitations = api.get("anna.bvc", "/api/meetings/" + meetingId + "/invitations").json().getJsonArray("invitations");
    return invitations.stream().map(i -> (JsonObject) i)
        .filter(i -> email == null ? i.getString("username") == null : email.equals(i.getString("email")))
        .findFirst().orElseThrow(() -> new AssertionError("no invitation to " + email + " in " + meetingId));
  }

  @Test
  void erikShouldAnswerInTheAppAndTheOrganiserBeWarnedOfHisOverlappingMeeting() throws Exception {
    String child = childWithConsent();
    String first = schedule(child, meetingBody("2027-05-04T09:00:00+02:00", "2027-05-04T10:00:00+02:00", null, "erik.rektor"))
        .getString("id");
    Http.Response answered = api.post("erik.rektor", "/api/meetings/" + first + "/rsvp", new JsonObject().put("answer", "ACCEPTED"));
    assertEquals(200, answered.status(), answered.toString());
    assertEquals("ACCEPTED", answered.json().getString("myAnswer"));
    assertFalse(answered.json().getBoolean("mayManage"), "an invited member does not manage the meeting");
    assertTrue(api.get("anna.bvc", "/api/meetings/" + first).json().getBoolean("mayManage"), "the organiser does");
    assertTrue(api.get("erik.rektor", "/api/meetings").json().getJsonArray("meetings").stream()
        .anyMatch(m -> first.equals(((JsonObject) m).getString("id"))), "erik's own meeting list");

    JsonObject overlapping = schedule(child, meetingBody("2027-05-04T09:30:00+02:00", "2027-05-04T10:30:00+02:00", null,
        "erik.rektor", "sara.elevhalsa"));
    JsonArray warnings = overlapping.getJsonArray("warnings");
    assertEquals(1, warnings.size(), warnings.encode());
    assertEquals("erik.rektor", warnings.getJsonObject(0).getString("username"));
    assertEquals("overlap", warnings.getJsonObject(0).getString("type"));

    // sara is not invited to the first meeting: she may not answer it, and maria (not in the team) may not see it.
    assertProblem(api.post("sara.elevhalsa", "/api/meetings/" + first + "/rsvp", new JsonObject().put("answer", "ACCEPTED")),
        404, "not-found");
    assertProblem(api.get("maria.polis", "/api/meetings/" + first), 404, "not-found");
  }

  @Test
  void notesShouldBeSealedAtRestAndKeptFromInvitedGuardians() throws Exception {
    String child = childWithConsent();
    String guardian = guardianAddress(child);
    JsonObject body = meetingBody(SUMMER_START, SUMMER_END, guardian, "erik.rektor");
    body.getJsonArray("participants").add(new JsonObject().put("username", "karin.guardian"));
    // A guardian's account is invited as family only if it is one of the child's guardians.
    Http.Response notHers = api.post("anna.bvc", "/api/children/" + child + "/meetings", body);
    assertProblem(notHers, 422, "wrong-role");
    api.addGuardian("anna.bvc", child, "karin.guardian");
    String id = schedule(child, body).getString("id");
    String notes = "Protokoll " + UUID.randomUUID() + ": skolan ordnar anpassningar";
    Http.Response saved = stack.http().send("PUT", "/api/meetings/" + id + "/notes",
        Map.of("Authorization", "Bearer " + stack.token("anna.bvc"), "Content-Type", "application/json"),
        new JsonObject().put("notes", notes).encode());
    assertEquals(200, saved.status(), saved.toString());
    assertEquals(notes, api.get("erik.rektor", "/api/meetings/" + id).json().getString("notes"));
    JsonObject karinSees = api.get("karin.guardian", "/api/meetings/" + id).json();
    assertEquals(null, karinSees.getString("notes"), "an invited guardian does not read the protocol");
    assertEquals("NEEDS_ACTION", karinSees.getString("myAnswer"));

    String dump = se.samverkan.testing.DatabaseDump.allTables(stack);
    assertFalse(dump.contains(notes.substring(0, 20)), "the notes are readable in a database dump");
    assertFalse(dump.contains("Första mötet om Testbarnet"), "the title is readable in a database dump");
    assertFalse(dump.contains(guardian), "an external participant's address is readable in a database dump");
    assertFalse(dump.contains("Hagaskolan"), "the place is readable in a database dump");
  }

  @Test
  void theChildContactShouldManageAMeetingTheSupportCoordinatorCalled() {
    String child = childWithConsent();
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    api.addMemberOk("anna.bvc", child, "sara.elevhalsa");
    assertEquals(200, api.post("anna.bvc", "/api/children/" + child + "/team/coordinator",
        new JsonObject().put("username", "erik.rektor")).status());
    Http.Response called = api.post("erik.rektor", "/api/children/" + child + "/meetings",
        meetingBody("2027-06-01T13:00:00+02:00", "2027-06-01T14:00:00+02:00", null, "sara.elevhalsa"));
    assertEquals(201, called.status(), called.toString());
    String id = called.json().getString("id");
    assertTrue(called.json().getBoolean("mayManage"));

    assertTrue(api.get("anna.bvc", "/api/meetings/" + id).json().getBoolean("mayManage"), "the ChildContact may manage it");
    assertFalse(api.get("sara.elevhalsa", "/api/meetings/" + id).json().getBoolean("mayManage"), "a member may not");
    assertEquals(200, api.patch("anna.bvc", "/api/meetings/" + id, new JsonObject().put("location", "Rum 3")).status());
    assertProblem(api.patch("sara.elevhalsa", "/api/meetings/" + id, new JsonObject().put("location", "Rum 4")), 403, "forbidden");
  }

  @Test
  void invitingAProfessionalNotCoveredByConsentShouldBeRefusedAndSendNothing() throws Exception {
    String child = childWithConsent();
    int mailsBefore = stack.smtp().received().size();
    Http.Response refused = api.post("anna.bvc", "/api/children/" + child + "/meetings",
        meetingBody(SUMMER_START, SUMMER_END, guardianAddress(child), "erik.rektor", "maria.polis"));
    assertProblem(refused, 403, "consent-required");
    assertTrue(refused.json().getString("detail").contains("Maria"), refused.toString());
    assertEquals(new JsonArray().add(new JsonObject().put("username", "maria.polis").put("organisation", "polisen")),
        refused.json().getJsonArray("missing"), "only maria.polis is uncovered");
    assertEquals(0, api.get("anna.bvc", "/api/children/" + child + "/meetings").json().getJsonArray("meetings").size());
    try (Connection db = stack.jdbc(); PreparedStatement q = db.prepareStatement(
        "SELECT count(*) FROM mail_outbox o JOIN meeting m ON m.id = o.meeting_id WHERE m.child_id = ?::uuid")) {
      q.setString(1, child);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        assertEquals(0, rs.getInt(1), "no mail queued");
      }
    }
    stack.awaitMailOutboxPass();
    assertEquals(mailsBefore, stack.smtp().received().size(), "nothing was sent");

    // A standing Barnteam needs written consent for the child: this one has none at all.
    String bare = api.registerChild("anna.bvc").getString("id");
    Http.Response standing = api.post("anna.bvc", "/api/children/" + bare + "/meetings",
        meetingBody(SUMMER_START, SUMMER_END, null, "erik.rektor").put("kind", "STANDING_TEAM"));
    assertProblem(standing, 403, "consent-required");
    assertEquals("WRITTEN", standing.json().getString("requiredLevel"));
  }

  @Test
  void reminderShouldGoToThoseWhoAcceptedOrHaveNotAnsweredButNotToThoseWhoDeclinedOrAreUnsure() throws Exception {
    String child = childWithConsent();
    String start = Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.HOURS).toString();
    String end = Instant.parse(start).plus(Duration.ofHours(1)).toString();
    String id = schedule(child, meetingBody(start, end, null, "erik.rektor", "sara.elevhalsa", "lars.soc")).getString("id");
    // The reminder is planned SAMVERKAN_MEETING_REMINDER_HOURS (24 in the tests' configuration) before the start.
    assertEquals(Instant.parse(start).minus(stack.config().mail().reminderLead()), reminderAt(id));
    assertEquals(Duration.ofHours(24), stack.config().mail().reminderLead());
    awaitMails(id, "REQUEST", 0, 3);
    assertEquals(200, api.post("sara.elevhalsa", "/api/meetings/" + id + "/rsvp", new JsonObject().put("answer", "DECLINED")).status());
    assertEquals(200, api.post("lars.soc", "/api/meetings/" + id + "/rsvp", new JsonObject().put("answer", "TENTATIVE")).status());
    // The clock reaches the reminder time (24 h before the meeting).
    try (Connection db = stack.jdbc(); PreparedStatement q = db.prepareStatement(
        "UPDATE meeting SET reminder_at = now() - interval '1 second' WHERE id = ?::uuid")) {
      q.setString(1, id);
      assertEquals(1, q.executeUpdate());
    }
    List<Mails> reminders = stack.smtp().await(m -> {
      Mails mail = Mails.of(m);
      return mail.subject().startsWith("Påminnelse") && mail.text().contains("/#/moten/" + id);
    }, 1, MAIL_WAIT).stream().map(Mails::of).toList();
    assertEquals(List.of("erik.rektor@vaxjo.se"), reminders.stream().map(Mails::to).toList());
    // The next pass would queue the reminder again if the meeting still looked due.
    stack.awaitMailOutboxPass();
    long total = stack.smtp().received().stream().map(Mails::of)
        .filter(m -> m.subject().startsWith("Påminnelse") && m.text().contains("/#/moten/" + id)).count();
    assertEquals(1, total, "one reminder, once");
  }

  @Test
  void familyAddressesNotOnRecordShouldBeRefused() {
    String child = childWithConsent();
    String onRecord = guardianAddress(child);
    String stranger = "karin+" + UUID.randomUUID().toString().substring(0, 8) + "@example.se";
    assertProblem(api.post("anna.bvc", "/api/children/" + child + "/meetings",
        meetingBody(SUMMER_START, SUMMER_END, stranger, "erik.rektor")), 422, "wrong-role");
    JsonObject asChild = meetingBody(SUMMER_START, SUMMER_END, null, "erik.rektor");
    asChild.getJsonArray("participants").add(new JsonObject().put("name", "Alva").put("email", stranger).put("role", "CHILD"));
    assertProblem(api.post("anna.bvc", "/api/children/" + child + "/meetings", asChild), 422, "wrong-role");
    // Case and spacing do not matter; an address recorded for another child's guardian does.
    String id = schedule(child, meetingBody(SUMMER_START, SUMMER_END, onRecord.toUpperCase(), "erik.rektor")).getString("id");
    String other = childWithConsent();
    assertProblem(api.post("anna.bvc", "/api/children/" + other + "/meetings",
        meetingBody(SUMMER_START, SUMMER_END, onRecord, "erik.rektor")), 422, "wrong-role");
    assertProblem(api.patch("anna.bvc", "/api/meetings/" + id, new JsonObject().put("participants", new JsonArray()
        .add(new JsonObject().put("username", "erik.rektor"))
        .add(new JsonObject().put("name", "Karin Johansson").put("email", stranger).put("role", "GUARDIAN")))), 422, "wrong-role");
  }

  @Test
  void aChildInvitedShouldBeGreetedWithoutANameAndNoLinkShouldBeInAnyCalendarPart() throws Exception {
    String child = childWithConsent();
    String childAddress = "alva+" + UUID.randomUUID().toString().substring(0, 8) + "@example.se";
    // No address of the child's own is on record: the child is invited at the family's.
    api.addGuardianAddress("anna.bvc", child, childAddress);
    JsonObject body = meetingBody(SUMMER_START, SUMMER_END, null, "erik.rektor");
    body.getJsonArray("participants").add(new JsonObject().put("name", "Alva Svensson").put("email", childAddress).put("role", "CHILD"));
    String id = schedule(child, body).getString("id");
    Mails invitation = awaitMails(id, "REQUEST", 0, 2).stream().filter(m -> m.to().equals(childAddress)).findFirst().orElseThrow();
    assertTrue(invitation.text().startsWith("Hej!"), invitation.text());
    for (String part : List.of(invitation.subject(), invitation.text(), invitation.calendarText(), invitation.raw())) {
      assertFalse(part.contains("Alva") || part.contains("Svensson"), "a mail names the child: " + part);
    }
    assertTrue(invitation.rsvpToken().isPresent(), "the child answers through a personal link in the text");
    assertFalse(invitation.calendarText().contains(invitation.rsvpToken().orElseThrow()), "the token is in the calendar part");

    assertEquals(204, api.delete("anna.bvc", "/api/meetings/" + id).status());
    List<Mails> cancels = awaitMails(id, "CANCEL", 1, 2);
    for (Mails cancel : cancels) {
      assertFalse(cancel.calendarText().contains("/rsvp/"), "a cancellation carries a personal link: " + cancel.calendarText());
      assertFalse(cancel.raw().contains(invitation.rsvpToken().orElseThrow()), "the token travels in a cancellation");
    }
  }
}
