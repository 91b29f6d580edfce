package se.samverkan.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * GET /api/agenda-templates against the Backa barnet guide (../shared/seeds/004_…, Bilagor 2, 4b,
 * 4c, 5a, 5b): each template has the guide's numbered items in the guide's order, and every
 * sub-item (a, b, … and i, ii) the guide lists under them, in the guide's words.
 */
@ExtendWith(SamverkanExtension.class)
class AgendaTemplatesTest {

  private static Map<String, JsonObject> templates;

  @BeforeAll
  static void fetch(TestStack stack) {
    Http.Response r = new Api(stack).get("anna.bvc", "/api/agenda-templates");
    assertEquals(200, r.status(), r.toString());
    templates = new java.util.HashMap<>();
    r.json().getJsonArray("templates").forEach(t -> templates.put(((JsonObject) t).getString("kind"), (JsonObject) t));
  }

  /** One item of the guide: how its text starts, and phrases (sub-items) it must contain. */
  record Item(String opening, List<String> contains) {
    static Item of(String opening, String... contains) {
      return new Item(opening, List.of(contains));
    }
  }

  private static void assertAgenda(String kind, String source, List<Item> guide) {
    JsonObject template = templates.get(kind);
    assertEquals(source, template.getString("source"), kind);
    JsonArray agenda = template.getJsonArray("agenda");
    assertEquals(guide.size(), agenda.size(), kind + ": " + agenda.encodePrettily());
    for (int i = 0; i < guide.size(); i++) {
      String text = agenda.getString(i);
      Item item = guide.get(i);
      assertTrue(text.startsWith(item.opening()), kind + " item " + (i + 1) + " should start with \"" + item.opening() + "\": " + text);
      for (String phrase : item.contains()) {
        assertTrue(text.contains(phrase), kind + " item " + (i + 1) + " should contain \"" + phrase + "\": " + text);
      }
    }
  }

  @Test
  void theBarnteamTemplateShouldBeTheSixItemsOfBilaga2() {
    assertAgenda("STANDING_TEAM", "Backa barnet, Bilaga 2", List.of(
        Item.of("Inledning – presentationsrunda"),
        Item.of("Återkoppling kring barn som tagits upp tidigare"),
        Item.of("Nya barn – a–e görs för varje barn",
            "a. Upptäckaren beskriver barnets behov och situation utifrån upptäckarkortet",
            "b. Deltagarna beskriver barnets behov och situation utifrån Skattningsformuläret och Behovskompassen",
            "i. Resultat av Barnsamtal (Barnkontakt)",
            "ii. Övriga deltagare",
            "c. Gemensam Behovskompass sammanställs",
            "d. Enas om de behovsområden där ytterligare stöd behövs",
            "e. Presentera vilket stöd som finns att erbjuda inom prioriterade behovsområden",
            "f. Eventuellt koordinera inför Individuellt barnteam"),
        Item.of("Övrigt"),
        Item.of("Besluta om tid för nästa möte"),
        Item.of("Summering")));
  }

  @Test
  void theFirstChildTeamMeetingShouldFollowBilaga4bWithEverySubItem() {
    assertAgenda("CHILD_TEAM_FIRST", "Backa barnet, Bilaga 4b", List.of(
        Item.of("Inledning – presentationsrunda", "a. Barnkontakten inleder", "b. Barnet och vårdnadshavaren presenterar sig",
            "c. Övriga professioner presenterar sig och förklarar varför de är med i teamet"),
        Item.of("Varför är vi här – beskrivning av syftet med teamet och barnets mål"),
        Item.of("Barnets behov och situation",
            "a. Barnkontakt beskriver det som redan är känt om barnets behov och situation",
            "b. Deltagarna kompletterar beskrivningen av barnets behov och situation utifrån Fördjupad behovskompass",
            "c. Gemensam bedömning om vad som står i vägen för barnets välbefinnande",
            "d. Gemensam bedömning om vad som fungerar bra"),
        Item.of("Ta fram konkreta delmål för barnet – fyll i Barnets plan"),
        Item.of("Enas kring stöd/aktivitet – fyll i Barnets plan", "a. Vad behöver göras, av vem och när"),
        Item.of("Utse Stödsamordnare", "a. Vem kan leda och samordna arbetet med Barnets plan?",
            "b. Vem har en bra översikt över Barnets plan?"),
        Item.of("Avslutande sammanfattning av Stödsamordnaren", "a. Är det tydligt för alla vad som ska hända?",
            "b. Är det tydligt för familjen vem som är Barnkontakt och Stödsamordnare?"),
        Item.of("Sätt datum för nytt uppföljningsmöte"),
        Item.of("Summering")));
  }

  @Test
  void workingMeetingsShouldFollowBilaga4cWithEverySubItem() {
    assertAgenda("CHILD_TEAM", "Backa barnet, Bilaga 4c", List.of(
        Item.of("Inledning – presentationsrunda av nya deltagare i teamet"),
        Item.of("Varför är vi här – beskrivning av syftet med teamet och barnets mål"),
        Item.of("Genomgång av Barnets plan",
            "a. Vilka aktiviteter/stöd har genomförts sedan förra mötet?",
            "b. Vilka aktiviteter/stöd har inte genomförts sedan förra mötet?",
            "c. Kan vi fortsätta med aktiviteterna i planen utifrån barnets nuvarande situation?",
            "d. Behövs några nya aktiviteter?"),
        Item.of("Hur har ni haft det sedan förra gången – barn och vårdnadshavare får beskriva",
            "a. Vad har förbättrats i barnets situation?", "b. Har något försämrats?"),
        Item.of("Diskussion kring ifall målen ska justeras utifrån den aktuella situationen"),
        Item.of("Justera Barnets plan"),
        Item.of("Avslutande sammanfattning av Stödsamordnaren", "a. Är det tydligt för alla vad som ska hända?",
            "b. Är det tydligt för familjen vem som ska göra vad i handlingsplanen?"),
        Item.of("Sätt datum för nytt uppföljningsmöte"),
        Item.of("Summering")));
  }

  @Test
  void theFollowUpConversationShouldAskTheQuestionsOfBilaga5a() {
    assertAgenda("FOLLOW_UP", "Backa barnet, Bilaga 5a", List.of(
        Item.of("Nytt (ej ifyllt) samtalsunderlag – följ stegen i Bilaga 1", "jämförs med den tidigare genomförda Behovskompassen"),
        Item.of("Vad har förändrats, både positivt och negativt?"),
        Item.of("Hur känns det (när du tittar på helheten av kompasserna)?"),
        Item.of("Tycker du att Behovskompasserna stämmer överens med hur du upplever att din situation har förändrats?"),
        Item.of("Utifrån detta, vad vill du ska hända/vilka mål vill du sätta för kommande veckor och månader?")));
  }

  @Test
  void theClosingMeetingShouldFollowBilaga5b() {
    assertAgenda("CLOSING", "Backa barnet, Bilaga 5b", List.of(
        Item.of("Beskrivning av syftet med mötet – att avsluta det Individuella barnteamet"),
        Item.of("Genomgång av mål och delmål i Barnets plan", "a. Vad har förbättrats i barnets situation?"),
        Item.of("Stödsamordnaren sammanfattar och avslutar Barnets plan"),
        Item.of("Barnkontakten beskriver att ansvaret återgår till Barnkontakt och att barn och vårdnadshavare får ta kontakt vid behov")));
  }

  @Test
  void everyKindShouldHaveATemplate() {
    for (MeetingKind kind : MeetingKind.values()) {
      assertTrue(templates.containsKey(kind.name()), kind.name());
      assertTrue(!templates.get(kind.name()).getJsonArray("agenda").isEmpty(), kind.name());
    }
  }
}
