package se.samverkan.meeting;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VAlarm;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.PartStat;
import net.fortuna.ical4j.model.parameter.Role;
import net.fortuna.ical4j.model.parameter.Rsvp;
import net.fortuna.ical4j.model.parameter.SentBy;
import net.fortuna.ical4j.model.property.Action;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;

/**
 * Renders invitation, cancellation and reminder mails (iMIP, RFC 6047) with an iCalendar part
 * (iTIP, RFC 5546) made by ical4j. A mail says when, where, which kind of meeting, who invites,
 * and gives a link — never the meeting's title or anything else that could name the child.
 */
public final class Invitations {

  static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  private static final Locale SWEDISH = Locale.forLanguageTag("sv-SE");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", SWEDISH);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH.mm", SWEDISH);

  /**
   * Europe/Stockholm as calendar programs expect it. tzdata now links Stockholm to Berlin, so the
   * ical4j registry would name the zone Europe/Berlin; the event says Europe/Stockholm, and the
   * VTIMEZONE must match. The EU rules (last Sunday of March/October) apply since 1996.
   */
  private static final String STOCKHOLM_VTIMEZONE = """
      BEGIN:VCALENDAR
      VERSION:2.0
      PRODID:-//Samverkan//Tidszon//SV
      BEGIN:VTIMEZONE
      TZID:Europe/Stockholm
      BEGIN:DAYLIGHT
      TZOFFSETFROM:+0100
      TZOFFSETTO:+0200
      TZNAME:CEST
      DTSTART:19700329T020000
      RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
      END:DAYLIGHT
      BEGIN:STANDARD
      TZOFFSETFROM:+0200
      TZOFFSETTO:+0100
      TZNAME:CET
      DTSTART:19701025T030000
      RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
      END:STANDARD
      END:VTIMEZONE
      END:VCALENDAR
      """.replace("\n", "\r\n");

  /**
   * What a mail may tell about a meeting, already opened.
   *
   * @param organiserEmail the organiser's work address, or null (then the sending address is the ORGANIZER)
   * @param recipientName  how the recipient is greeted; null for the child, who is never named in a mail
   */
  public record View(
      String uid,
      int sequence,
      MeetingKind kind,
      Instant start,
      Instant end,
      String location,
      String videoLink,
      String organiserName,
      String organiserOrganisation,
      String organiserEmail,
      String recipientName,
      String recipientEmail,
      Answer answer,
      String link,
      boolean personalLink) {
  }

  private Invitations() {
  }

  static String when(Instant start, Instant end) {
    ZonedDateTime s = start.atZone(STOCKHOLM);
    ZonedDateTime e = end.atZone(STOCKHOLM);
    String day = DAY.format(s);
    if (s.toLocalDate().equals(e.toLocalDate())) {
      return day + " kl. " + TIME.format(s) + "–" + TIME.format(e);
    }
    return day + " kl. " + TIME.format(s) + " – " + DAY.format(e) + " kl. " + TIME.format(e);
  }

  private static String body(View v, String opening) {
    StringBuilder text = new StringBuilder();
    text.append(v.recipientName() == null || v.recipientName().isBlank() ? "Hej!" : "Hej " + v.recipientName() + "!")
        .append("\n\n").append(opening).append("\n\n");
    text.append("Möte: ").append(v.kind().label()).append('\n');
    text.append("Tid: ").append(when(v.start(), v.end())).append('\n');
    if (v.location() != null && !v.location().isBlank()) {
      text.append("Plats: ").append(v.location()).append('\n');
    }
    if (v.videoLink() != null && !v.videoLink().isBlank()) {
      text.append("Videolänk: ").append(v.videoLink()).append('\n');
    }
    text.append("Inbjudan från: ").append(v.organiserName());
    if (v.organiserOrganisation() != null) {
      text.append(", ").append(v.organiserOrganisation());
    }
    text.append("\n\n");
    return text.toString();
  }

  public static OutgoingMail request(View v, String from, boolean update, String messageId) {
    String text = body(v, update ? "Mötet du är inbjuden till har ändrats." : "Du är inbjuden till ett möte.")
        + (v.personalLink()
            ? "Svara om du kommer (länken är personlig – dela den inte):\n" + v.link() + "\n"
            : "Se mötet och svara i Samverkan:\n" + v.link() + "\n")
        + "\nMedskickad kalenderinbjudan kan läggas in i din kalender. Svara inte via kalenderprogrammets knappar"
        + " (till exempel Acceptera eller Avböj): de svaren kommer inte fram till Samverkan. Använd länken ovan.\n";
    String subject = (update ? "Ändrad tid eller plats: " : "Inbjudan: ") + v.kind().label() + ", " + when(v.start(), v.end());
    return new OutgoingMail(v.recipientEmail(), subject, text, calendar(v, from, ImmutableMethod.REQUEST), "REQUEST", messageId);
  }

  public static OutgoingMail cancel(View v, String from, boolean removedOnly, String messageId) {
    String text = body(v, removedOnly ? "Du är inte längre inbjuden till mötet nedan." : "Mötet nedan är inställt.")
        + "Du behöver inte göra något mer.\n";
    String subject = (removedOnly ? "Inbjudan återkallad: " : "Inställt: ") + v.kind().label() + ", " + when(v.start(), v.end());
    return new OutgoingMail(v.recipientEmail(), subject, text, calendar(v, from, ImmutableMethod.CANCEL), "CANCEL", messageId);
  }

  public static OutgoingMail reminder(View v, String messageId) {
    String text = body(v, "Påminnelse om mötet nedan.") + (v.personalLink()
        ? "Ändra ditt svar vid behov:\n" + v.link() + "\n" : "Mötet i Samverkan:\n" + v.link() + "\n");
    return new OutgoingMail(v.recipientEmail(), "Påminnelse: " + v.kind().label() + ", " + when(v.start(), v.end()), text,
        null, null, messageId);
  }

  static String calendar(View v, String from, net.fortuna.ical4j.model.property.Method method) {
    try {
      boolean cancel = ImmutableMethod.CANCEL.equals(method);
      VEvent event = new VEvent(v.start().atZone(STOCKHOLM), v.end().atZone(STOCKHOLM), v.kind().label());
      event.add(new Uid(v.uid()));
      event.add(new Sequence(v.sequence()));
      event.add(cancel ? new Status(Status.VALUE_CANCELLED) : new Status(Status.VALUE_CONFIRMED));
      if (v.location() != null && !v.location().isBlank()) {
        event.add(new Location(v.location()));
      }
      if (v.videoLink() != null && !v.videoLink().isBlank()) {
        event.add(new Url(URI.create(v.videoLink())));
      }
      // Calendar entries outlive the mail (shared family calendars, synced phones): a personal answer
      // link stays in the mail's text and never goes into the entry.
      event.add(new Description(v.personalLink()
          ? "Svara via den personliga länken i e-postmeddelandet."
          : "Mötet i Samverkan: " + v.link()));
      // Samverkan reads no iTIP REPLY: the ORGANIZER is the person who convenes (a reply from a
      // calendar program reaches a human, not a mailbox nobody reads), SENT-BY the address the mail
      // comes from, and RSVP=FALSE asks calendar programs not to send one.
      Organizer organizer = new Organizer(URI.create("mailto:" + (v.organiserEmail() != null ? v.organiserEmail() : from)));
      organizer.add(new Cn(v.organiserName()));
      if (v.organiserEmail() != null && !v.organiserEmail().equalsIgnoreCase(from)) {
        organizer.add(new SentBy(URI.create("mailto:" + from)));
      }
      event.add(organizer);
      Attendee attendee = new Attendee(URI.create("mailto:" + v.recipientEmail()));
      attendee.add(Role.REQ_PARTICIPANT);
      attendee.add(partStat(v.answer()));
      attendee.add(Rsvp.FALSE);
      if (v.recipientName() != null && !v.recipientName().isBlank()) {
        attendee.add(new Cn(v.recipientName()));
      }
      event.add(attendee);
      if (!cancel) {
        VAlarm alarm = new VAlarm(java.time.Duration.ofHours(-1));
        alarm.add(new Action("DISPLAY"));
        alarm.add(new Description(v.kind().label() + " om en timme"));
        event.add(alarm);
      }
      Calendar calendar = new Calendar()
          .withProdId("-//Samverkan//Samverkan//SV")
          .withDefaults()
          .withProperty(method)
          .withComponent(stockholm())
          .withComponent(event)
          .getFluentTarget();
      return calendar.toString();
    } catch (IOException | ParserException e) {
      throw new IllegalStateException("could not render the iCalendar part", e);
    }
  }

  private static PartStat partStat(Answer answer) {
    return switch (answer) {
      case ACCEPTED -> PartStat.ACCEPTED;
      case DECLINED -> PartStat.DECLINED;
      case TENTATIVE -> PartStat.TENTATIVE;
      case NEEDS_ACTION -> PartStat.NEEDS_ACTION;
    };
  }

  private static VTimeZone stockholm() throws IOException, ParserException {
    Calendar parsed = new CalendarBuilder().build(new StringReader(STOCKHOLM_VTIMEZONE));
    return (VTimeZone) parsed.getComponent("VTIMEZONE").orElseThrow();
  }
}
