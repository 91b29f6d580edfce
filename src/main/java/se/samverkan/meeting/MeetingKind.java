package se.samverkan.meeting;

import java.util.List;

/**
 * The meetings of the support process, with the agenda the guides give for each (Backa barnet,
 * Bilaga 2, 4b, 4c, 5a and 5b; Kronobarnsmodellen 1.3 for the samverkansmöte), transcribed in the
 * guide's words. One string per numbered item; its sub-items (a, b, … and i, ii) follow on their own
 * lines, so the agenda keeps the guide's numbering and each item can still be edited as one.
 */
public enum MeetingKind {

  STANDING_TEAM("Barnteam", "Backa barnet, Bilaga 2", List.of(
      "Inledning – presentationsrunda",
      "Återkoppling kring barn som tagits upp tidigare",
      String.join("\n",
          "Nya barn – a–e görs för varje barn:",
          "a. Upptäckaren beskriver barnets behov och situation utifrån upptäckarkortet",
          "b. Deltagarna beskriver barnets behov och situation utifrån Skattningsformuläret och Behovskompassen",
          "   i. Resultat av Barnsamtal (Barnkontakt)",
          "   ii. Övriga deltagare",
          "c. Gemensam Behovskompass sammanställs",
          "d. Enas om de behovsområden där ytterligare stöd behövs",
          "e. Presentera vilket stöd som finns att erbjuda inom prioriterade behovsområden",
          "f. Eventuellt koordinera inför Individuellt barnteam"),
      "Övrigt",
      "Besluta om tid för nästa möte",
      "Summering")),

  CHILD_TEAM_FIRST("Individuellt barnteam – första mötet", "Backa barnet, Bilaga 4b", List.of(
      String.join("\n",
          "Inledning – presentationsrunda",
          "a. Barnkontakten inleder",
          "b. Barnet och vårdnadshavaren presenterar sig",
          "c. Övriga professioner presenterar sig och förklarar varför de är med i teamet"),
      "Varför är vi här – beskrivning av syftet med teamet och barnets mål",
      String.join("\n",
          "Barnets behov och situation",
          "a. Barnkontakt beskriver det som redan är känt om barnets behov och situation",
          "b. Deltagarna kompletterar beskrivningen av barnets behov och situation utifrån Fördjupad behovskompass",
          "c. Gemensam bedömning om vad som står i vägen för barnets välbefinnande",
          "d. Gemensam bedömning om vad som fungerar bra"),
      "Ta fram konkreta delmål för barnet – fyll i Barnets plan",
      String.join("\n",
          "Enas kring stöd/aktivitet – fyll i Barnets plan",
          "a. Vad behöver göras, av vem och när"),
      String.join("\n",
          "Utse Stödsamordnare",
          "a. Vem kan leda och samordna arbetet med Barnets plan?",
          "b. Vem har en bra översikt över Barnets plan?"),
      String.join("\n",
          "Avslutande sammanfattning av Stödsamordnaren",
          "a. Är det tydligt för alla vad som ska hända?",
          "b. Är det tydligt för familjen vem som är Barnkontakt och Stödsamordnare?"),
      "Sätt datum för nytt uppföljningsmöte",
      "Summering")),

  CHILD_TEAM("Individuellt barnteam – arbetsmöte", "Backa barnet, Bilaga 4c", List.of(
      "Inledning – presentationsrunda av nya deltagare i teamet",
      "Varför är vi här – beskrivning av syftet med teamet och barnets mål",
      String.join("\n",
          "Genomgång av Barnets plan",
          "a. Vilka aktiviteter/stöd har genomförts sedan förra mötet?",
          "b. Vilka aktiviteter/stöd har inte genomförts sedan förra mötet?",
          "c. Kan vi fortsätta med aktiviteterna i planen utifrån barnets nuvarande situation?",
          "d. Behövs några nya aktiviteter?"),
      String.join("\n",
          "Hur har ni haft det sedan förra gången – barn och vårdnadshavare får beskriva",
          "a. Vad har förbättrats i barnets situation?",
          "b. Har något försämrats?"),
      "Diskussion kring ifall målen ska justeras utifrån den aktuella situationen",
      "Justera Barnets plan",
      String.join("\n",
          "Avslutande sammanfattning av Stödsamordnaren",
          "a. Är det tydligt för alla vad som ska hända?",
          "b. Är det tydligt för familjen vem som ska göra vad i handlingsplanen?"),
      "Sätt datum för nytt uppföljningsmöte",
      "Summering")),

  // Bilaga 5a gives no numbered list, but five numbered fields and the questions to ask; the
  // template is those questions in the guide's words, after its instruction to start afresh.
  FOLLOW_UP("Uppföljningssamtal", "Backa barnet, Bilaga 5a", List.of(
      "Nytt (ej ifyllt) samtalsunderlag – följ stegen i Bilaga 1; värden och form i Behovskompassen "
          + "jämförs med den tidigare genomförda Behovskompassen",
      "Vad har förändrats, både positivt och negativt?",
      "Hur känns det (när du tittar på helheten av kompasserna)?",
      "Tycker du att Behovskompasserna stämmer överens med hur du upplever att din situation har förändrats?",
      "Utifrån detta, vad vill du ska hända/vilka mål vill du sätta för kommande veckor och månader?")),

  CLOSING("Avslutande möte", "Backa barnet, Bilaga 5b", List.of(
      "Beskrivning av syftet med mötet – att avsluta det Individuella barnteamet",
      String.join("\n",
          "Genomgång av mål och delmål i Barnets plan",
          "a. Vad har förbättrats i barnets situation?"),
      "Stödsamordnaren sammanfattar och avslutar Barnets plan",
      "Barnkontakten beskriver att ansvaret återgår till Barnkontakt och att barn och vårdnadshavare "
          + "får ta kontakt vid behov")),

  COLLABORATION("Samverkansmöte", "Kronobarnsmodellen 1.3", List.of(
      "Värden tar emot barnet och vårdnadshavarna innan övriga deltagare kommer in",
      "Presentation och syftet med mötet",
      "Barnet och vårdnadshavarna berättar – tankar, upplevelser, utmaningar och styrkor",
      "Samsyn kring vad som behöver göras, utifrån Barnens bästa-hjulets områden",
      "Barnets plan upprättas: behov, insatser och ansvarig person per område",
      "Besluta vem som blir samverkansansvarig – namn och kontaktuppgifter i Barnets plan",
      "Sammanfattning – alla förstår vad som ska hända",
      "Datum för uppföljning"));

  private final String label;
  private final String source;
  private final List<String> agenda;

  MeetingKind(String label, String source, List<String> agenda) {
    this.label = label;
    this.source = source;
    this.agenda = agenda;
  }

  /** The Swedish name; the only description of the meeting that appears in e-mails. */
  public String label() {
    return label;
  }

  public String source() {
    return source;
  }

  public List<String> agenda() {
    return agenda;
  }

  /** Meetings of the child's own team: every professional invited needs an updated written consent. */
  public boolean childTeam() {
    return this != STANDING_TEAM;
  }
}
