package se.samverkan.meeting;

import java.util.List;

/**
 * The meetings of the support process, with the agenda the guides give for each (Backa barnet,
 * Bilaga 2, 4a–c and 5a–b; Kronobarnsmodellen 1.3 for the samverkansmöte). Where a guide's agenda
 * survives only as a description, the template follows that description.
 */
public enum MeetingKind {

  STANDING_TEAM("Barnteam", "Backa barnet, Bilaga 2", List.of(
      "Inledning: deltagare, och kontroll att skriftligt samtycke finns för varje barn som tas upp",
      "Barnkontakten beskriver barnet och det som är känt om barnets behov och situation",
      "Deltagarna kompletterar utifrån Skattningsformuläret och Behovskompassens åtta områden",
      "En gemensam Behovskompass sammanställs",
      "Förslag på stöd som kan erbjudas – vem gör vad?",
      "Hur Barnkontakten återkopplar till barn och vårdnadshavare; datum för nästa Barnteam")),

  CHILD_TEAM_FIRST("Individuellt barnteam – första mötet", "Backa barnet, Bilaga 4a–b", List.of(
      "Inledning – presentationsrunda: Barnkontakten inleder, barnet och vårdnadshavaren presenterar sig, "
          + "övriga professioner presenterar sig och förklarar varför de är med i teamet",
      "Varför är vi här – beskrivning av syftet med teamet och barnets mål",
      "Barnets behov och situation: det som redan är känt, kompletteringar utifrån Fördjupad behovskompass, "
          + "vad som står i vägen för barnets välbefinnande och vad som fungerar bra",
      "Ta fram konkreta delmål för barnet – fyll i Barnets plan",
      "Enas kring stöd/aktivitet – vad behöver göras, av vem och när – fyll i Barnets plan",
      "Utse Stödsamordnare – vem kan leda och samordna arbetet med Barnets plan?",
      "Avslutande sammanfattning av Stödsamordnaren – är det tydligt för alla vad som ska hända, "
          + "och för familjen vem som är Barnkontakt och Stödsamordnare?",
      "Sätt datum för nytt uppföljningsmöte",
      "Summering")),

  CHILD_TEAM("Individuellt barnteam – arbetsmöte", "Backa barnet, Bilaga 4c", List.of(
      "Inledning – presentationsrunda av nya deltagare i teamet",
      "Varför är vi här – beskrivning av syftet med teamet och barnets mål",
      "Genomgång av Barnets plan: vilka aktiviteter/stöd har genomförts och inte genomförts sedan förra mötet, "
          + "kan vi fortsätta med dem, behövs nya?",
      "Hur har ni haft det sedan förra gången – barn och vårdnadshavare berättar vad som förbättrats och försämrats",
      "Diskussion kring om målen ska justeras utifrån den aktuella situationen",
      "Justera Barnets plan",
      "Avslutande sammanfattning av Stödsamordnaren – är det tydligt för alla vad som ska hända och vem som gör vad?",
      "Sätt datum för nytt uppföljningsmöte",
      "Summering")),

  FOLLOW_UP("Uppföljningssamtal", "Backa barnet, Bilaga 5a", List.of(
      "Ett nytt, ej ifyllt samtalsunderlag – följ stegen i Bilaga 1 (Behovskompassen)",
      "Jämför med den tidigare Behovskompassen: vad har förändrats, både positivt och negativt?",
      "Hur känns det när du tittar på helheten av kompasserna – stämmer de med hur du upplever förändringen?",
      "Vad vill du ska hända, vilka mål vill du sätta för kommande veckor och månader?",
      "Positiv förändring förstärks; där något gått tillbaka: vad behöver förändras och vad är möjligt?")),

  CLOSING("Avslutande möte", "Backa barnet, Bilaga 5b", List.of(
      "Beskrivning av syftet med mötet – att avsluta det Individuella barnteamet",
      "Genomgång av mål och delmål i Barnets plan – vad har förbättrats i barnets situation?",
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
