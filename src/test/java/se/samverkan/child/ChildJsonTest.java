package se.samverkan.child;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.samverkan.caremodel.ContactKind;
import se.samverkan.caremodel.Schooling;
import se.samverkan.identity.Organisation;
import se.samverkan.policy.TeamRole;

/**
 * The child schemas as encoded, without the stack: key order and nulls are pinned to what the
 * service wrote before it returned records (an absent value is a null, never a missing key).
 */
class ChildJsonTest {

  private static final UUID CHILD = UUID.fromString("00000000-0000-0000-0000-000000000001");
  private static final UUID GUARDIAN = UUID.fromString("00000000-0000-0000-0000-000000000002");
  private static final UUID HANDOVER = UUID.fromString("00000000-0000-0000-0000-000000000003");
  private static final Map<String, Organisation> ORGS = Map.of("skolan", new Organisation("o1", "skolan", "Skolan"));
  private static final ChildRecord RECORD = new ChildRecord(CHILD, new byte[0], null, LocalDate.of(2012, 12, 12), null, null,
      UUID.randomUUID(), "anna", "Anna", "skolan", ContactKind.SCHOOL, null, null, null, null,
      Instant.parse("2026-01-02T03:04:05Z"));
  private static final ChildView.Summary SUMMARY = new ChildView.Summary(RECORD, "Alva", TeamRole.CHILD_CONTACT, ORGS);

  @Test
  void aChildShouldBeItsSummaryWithTheChildsOwnPageAdded() {
    ChildView view = new ChildView(SUMMARY, null, 13, Schooling.COMPULSORY, false, null, true, null, null,
        List.of(new ChildView.Guardian(GUARDIAN, "Eva", "eva@example.se", null, null)));

    assertEquals("{\"id\":\"" + CHILD + "\",\"name\":\"Alva\",\"birthDate\":\"2012-12-12\",\"myRole\":\"CHILD_CONTACT\","
        + "\"childContact\":{\"username\":\"anna\",\"name\":\"Anna\",\"organisation\":{\"alias\":\"skolan\",\"name\":\"Skolan\"}}}",
        ChildJson.summaries(List.of(SUMMARY)).getJsonArray("children").getJsonObject(0).encode());
    assertEquals("{\"id\":\"" + CHILD + "\",\"name\":\"Alva\",\"birthDate\":\"2012-12-12\",\"myRole\":\"CHILD_CONTACT\","
        + "\"childContact\":{\"username\":\"anna\",\"name\":\"Anna\",\"organisation\":{\"alias\":\"skolan\",\"name\":\"Skolan\"}},"
        + "\"personalNumber\":null,\"ageYears\":13,\"schooling\":\"COMPULSORY\",\"schoolingStated\":false,"
        + "\"contactKind\":\"SCHOOL\",\"expectedContactKind\":null,\"handoverDue\":true,\"supportCoordinator\":null,"
        + "\"historyFrom\":null,\"guardians\":[{\"id\":\"" + GUARDIAN + "\",\"name\":\"Eva\",\"email\":\"eva@example.se\","
        + "\"phone\":null,\"username\":null}],\"createdAt\":\"2026-01-02T03:04:05Z\"}",
        ChildJson.child(view).encode());
  }

  @Test
  void aCoordinatorAndHistoryShouldBeNamedWhenThereAreSome() {
    ChildView view = new ChildView(SUMMARY, "20121212-1212", 13, Schooling.COMPULSORY, true, ContactKind.SCHOOL, false,
        new ChildView.Person("bo", "bo", null), Instant.parse("2026-03-04T05:06:07.123Z"), List.of());

    assertEquals("{\"id\":\"" + CHILD + "\",\"name\":\"Alva\",\"birthDate\":\"2012-12-12\",\"myRole\":\"CHILD_CONTACT\","
        + "\"childContact\":{\"username\":\"anna\",\"name\":\"Anna\",\"organisation\":{\"alias\":\"skolan\",\"name\":\"Skolan\"}},"
        + "\"personalNumber\":\"20121212-1212\",\"ageYears\":13,\"schooling\":\"COMPULSORY\",\"schoolingStated\":true,"
        + "\"contactKind\":\"SCHOOL\",\"expectedContactKind\":\"SCHOOL\",\"handoverDue\":false,"
        + "\"supportCoordinator\":{\"username\":\"bo\",\"name\":\"bo\",\"organisation\":null},"
        + "\"historyFrom\":\"2026-03-04T05:06:07.123Z\",\"guardians\":[],\"createdAt\":\"2026-01-02T03:04:05Z\"}",
        ChildJson.child(view).encode());
  }

  @Test
  void aHandoverWithoutConsentShouldSayNothingMoved() {
    ChildView.Handover h = new ChildView.Handover(HANDOVER, CHILD, ChildView.Person.contactOf(RECORD),
        new ChildView.Person("bo", null, "okänd"), ContactKind.SCHOOL, ContactKind.FOLLOW_UP_HOME_MUNICIPALITY,
        Instant.parse("2026-03-04T05:06:07.123Z"), null, ORGS);

    assertEquals("{\"id\":\"" + HANDOVER + "\",\"childId\":\"" + CHILD + "\","
        + "\"from\":{\"username\":\"anna\",\"name\":\"Anna\",\"organisation\":{\"alias\":\"skolan\",\"name\":\"Skolan\"}},"
        + "\"to\":{\"username\":\"bo\",\"name\":\"bo\",\"organisation\":{\"alias\":\"okänd\",\"name\":\"okänd\"}},"
        + "\"fromKind\":\"SCHOOL\",\"toKind\":\"FOLLOW_UP_HOME_MUNICIPALITY\",\"at\":\"2026-03-04T05:06:07.123Z\","
        + "\"informationTransferred\":false,\"consentId\":null}",
        ChildJson.handover(h).encode());
  }

  @Test
  void aDueHandoverShouldNameTheKindsAndTheReason() {
    ChildView.DueHandover d = new ChildView.DueHandover(CHILD, "Alva", LocalDate.of(2012, 12, 12), 13, Schooling.COMPULSORY,
        ContactKind.PRESCHOOL, null, "Ingen barnkontakt.");

    assertEquals("{\"handovers\":[{\"childId\":\"" + CHILD + "\",\"name\":\"Alva\",\"birthDate\":\"2012-12-12\","
        + "\"ageYears\":13,\"schooling\":\"COMPULSORY\",\"currentKind\":\"PRESCHOOL\",\"expectedKind\":null,"
        + "\"reason\":\"Ingen barnkontakt.\"}]}",
        ChildJson.dueHandovers(List.of(d)).encode());
  }
}
