package se.samverkan.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import se.samverkan.caremodel.ContactKind;
import se.samverkan.caremodel.Schooling;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;

/** The child routes' request records, parsed from bodies the contract has let through: pure, no stack. */
class ChildRequestsTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

  @Test
  void aRegistrationShouldTrimTheNameAndLeaveWhatItOmitsNull() {
    ChildRegistration r = ChildRegistration.from(new JsonObject().put("name", "  Alva ").put("birthDate", "2012-12-12"));

    assertEquals("Alva", r.name());
    assertEquals(LocalDate.of(2012, 12, 12), r.birthDate());
    assertNull(r.personalNumber());
    assertNull(r.schooling());
    assertNull(r.contactKind());
    assertTrue(r.personalNumberOn(TODAY).isEmpty());
  }

  @Test
  void aRegistrationShouldReadItsClosedSets() {
    ChildRegistration r = ChildRegistration.from(new JsonObject().put("name", "Alva").put("birthDate", "2012-12-12")
        .put("schooling", "COMPULSORY").put("contactKind", "SCHOOL").put("personalNumber", "121212-1212"));

    assertEquals(Schooling.COMPULSORY, r.schooling());
    assertEquals(ContactKind.SCHOOL, r.contactKind());
    assertEquals("20121212-1212", r.personalNumberOn(TODAY).orElseThrow().normalised());
  }

  @Test
  void aBlankNameShouldBeRefusedBeforeTheDateIsRead() {
    ProblemException e = refused(() -> ChildRegistration.from(new JsonObject().put("name", "   ").put("birthDate", "2012-02-30")));

    assertEquals("Barnets namn saknas.", e.problem().detail());
  }

  @Test
  void aDateTheCalendarLacksShouldBeAnInvalidRequest() {
    ProblemException e = refused(() -> ChildRegistration.from(new JsonObject().put("name", "Alva").put("birthDate", "2012-02-30")));

    assertEquals("Ogiltigt datum: 2012-02-30.", e.problem().detail());
  }

  @Test
  void theBirthDateAndPersonalNumberShouldBeCheckedAgainstToday() {
    assertEquals("Födelsedatumet ligger utanför det som stödet avser.",
        refused(() -> registration("2000-01-01", null).personalNumberOn(TODAY)).problem().detail());
    assertEquals("Födelsedatumet ligger utanför det som stödet avser.",
        refused(() -> registration("2027-10-01", null).personalNumberOn(TODAY)).problem().detail());
    assertEquals("Personnumret är inte giltigt (datum eller kontrollsiffra stämmer inte).",
        refused(() -> registration("2012-12-12", "20121212-1213").personalNumberOn(TODAY)).problem().detail());
    assertEquals("Personnumret stämmer inte med födelsedatumet.",
        refused(() -> registration("2012-12-13", "20121212-1212").personalNumberOn(TODAY)).problem().detail());
  }

  @Test
  void theOtherRequestsShouldTrimWhatTheServiceComparesOrStores() {
    GuardianAddition g = GuardianAddition.from(new JsonObject().put("name", " Eva ").put("email", " eva@example.se "));
    HandoverRequest h = HandoverRequest.from(new JsonObject().put("toUsername", "bo").put("reason", " Skolstart "));

    assertEquals("Eva", g.name());
    assertEquals("eva@example.se", g.email());
    assertNull(g.phone());
    assertNull(g.username());
    assertEquals("Skolstart", h.reason());
    assertNull(h.contactKind());
    assertEquals(ContactKind.PRESCHOOL,
        HandoverRequest.from(new JsonObject().put("toUsername", "bo").put("reason", "x").put("contactKind", "PRESCHOOL")).contactKind());
    assertEquals(Schooling.PRESCHOOL, ChildUpdate.from(new JsonObject().put("schooling", "PRESCHOOL")).schooling());
    assertThrows(NullPointerException.class, () -> new ChildUpdate(null));
  }

  private static ChildRegistration registration(String birthDate, String personalNumber) {
    return ChildRegistration.from(new JsonObject().put("name", "Alva").put("birthDate", birthDate)
        .put("personalNumber", personalNumber));
  }

  private static ProblemException refused(Runnable parse) {
    ProblemException e = assertThrows(ProblemException.class, parse::run);
    assertEquals(ProblemType.INVALID_REQUEST, e.problem().type());
    return e;
  }
}
