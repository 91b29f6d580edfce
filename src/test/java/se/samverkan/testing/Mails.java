package se.samverkan.testing;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;

/** A received mail taken apart: the plain-text part and the iCalendar part, parsed with ical4j. */
public record Mails(String to, String subject, String text, String calendarContentType, String calendarText,
                    String raw) {

  private static final Pattern RSVP_LINK = Pattern.compile("https?://\\S+/rsvp/([A-Za-z0-9_-]+)");

  public static Mails of(MimeMessage message) {
    try {
      String to = message.getRecipients(Message.RecipientType.TO)[0].toString().toLowerCase(Locale.ROOT);
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      message.writeTo(raw);
      List<Part> leaves = new ArrayList<>();
      collect(message, leaves);
      String text = null;
      String calendarType = null;
      String calendar = null;
      for (Part p : leaves) {
        if (p.isMimeType("text/plain") && text == null) {
          text = read(p);
        } else if (p.isMimeType("text/calendar")) {
          calendarType = p.getContentType();
          calendar = read(p);
        }
      }
      return new Mails(to, message.getSubject(), text, calendarType, calendar, raw.toString(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException("could not read a received mail", e);
    }
  }

  public Optional<Calendar> calendar() {
    if (calendarText == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new CalendarBuilder().build(new StringReader(calendarText)));
    } catch (Exception e) {
      throw new AssertionError("the calendar part does not parse with ical4j: " + e.getMessage() + "\n" + calendarText, e);
    }
  }

  public VEvent event() {
    return calendar().orElseThrow(() -> new AssertionError("no calendar part in mail to " + to))
        .getComponent("VEVENT").map(c -> (VEvent) c).orElseThrow(() -> new AssertionError("no VEVENT"));
  }

  public String method() {
    if (calendarText == null) {
      return null;
    }
    Optional<Property> method = calendar().orElseThrow().getProperty("METHOD");
    return method.map(Property::getValue).orElse(null);
  }

  public String uid() {
    if (calendarText == null) {
      return null;
    }
    Optional<Property> uid = event().getProperty("UID");
    return uid.map(Property::getValue).orElse(null);
  }

  public int sequence() {
    Optional<Property> sequence = event().getProperty("SEQUENCE");
    return Integer.parseInt(sequence.orElseThrow().getValue());
  }

  /** The token of the personal RSVP link in the plain text, if there is one. */
  public Optional<String> rsvpToken() {
    Matcher m = RSVP_LINK.matcher(text == null ? "" : text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static void collect(Part part, List<Part> into) throws Exception {
    if (part.isMimeType("multipart/*")) {
      Multipart mp = (Multipart) part.getContent();
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart child = mp.getBodyPart(i);
        collect(child, into);
      }
    } else {
      into.add(part);
    }
  }

  private static String read(Part p) throws Exception {
    Object content = p.getContent();
    if (content instanceof String s) {
      return s;
    }
    try (InputStream in = p.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
