package se.samverkan.child;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import se.samverkan.caremodel.CareModel;
import se.samverkan.caremodel.ContactKind;
import se.samverkan.caremodel.Schooling;

/** The ChildContact follows the child's age, differently in each region's model (DOMAIN.md). */
class CareModelTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
  private static final CareModel KRONOBARNSMODELLEN = CareModel.load("kronobarnsmodellen");
  private static final CareModel SORMLAND = CareModel.load("sormland");
  private static final CareModel BACKA_BARNET = CareModel.load("backa-barnet");

  private static Optional<ContactKind> expect(CareModel model, int ageYears, Schooling schooling) {
    return model.expectedContact(TODAY.minusYears(ageYears).minusDays(10), schooling, TODAY);
  }

  @Test
  void everyModelShouldStartWithMaternityCareBeforeBirth() {
    for (String id : CareModel.BUILT_IN) {
      CareModel m = CareModel.load(id);
      assertEquals(Optional.of(ContactKind.MATERNITY_CARE), m.expectedContact(TODAY.plusMonths(3), Schooling.NOT_STARTED, TODAY));
    }
  }

  @Test
  void kronobarnsmodellenShouldFollowHealthCarePreschoolSchoolUntil18ThenKaa() {
    CareModel k = KRONOBARNSMODELLEN;
    assertEquals(Optional.of(ContactKind.CHILD_HEALTH_CARE), expect(k, 0, Schooling.NOT_STARTED));
    assertEquals(Optional.of(ContactKind.PRESCHOOL), expect(k, 3, Schooling.PRESCHOOL));
    assertEquals(Optional.of(ContactKind.SCHOOL), expect(k, 10, Schooling.COMPULSORY));
    assertEquals(Optional.of(ContactKind.SCHOOL), expect(k, 17, Schooling.UPPER_SECONDARY));
    assertEquals(Optional.empty(), expect(k, 18, Schooling.UPPER_SECONDARY));
    assertEquals(Optional.of(ContactKind.KAA), expect(k, 17, Schooling.NOT_IN_UPPER_SECONDARY));
  }

  @Test
  void sormlandShouldHandGymnasiumOutsideTheRegionToTheHomeMunicipality() {
    CareModel s = SORMLAND;
    assertEquals(Optional.of(ContactKind.SCHOOL), expect(s, 16, Schooling.UPPER_SECONDARY));
    assertEquals(Optional.of(ContactKind.FOLLOW_UP_HOME_MUNICIPALITY), expect(s, 16, Schooling.UPPER_SECONDARY_OUTSIDE_REGION));
    assertEquals(Optional.of(ContactKind.KAA), expect(s, 17, Schooling.NOT_IN_UPPER_SECONDARY));
  }

  @Test
  void backaBarnetShouldEndWhenTheChildLeavesSchool() {
    CareModel b = BACKA_BARNET;
    assertEquals(Optional.of(ContactKind.CHILD_HEALTH_CARE), expect(b, 0, Schooling.NOT_STARTED));
    assertEquals(Optional.of(ContactKind.SCHOOL), expect(b, 8, Schooling.COMPULSORY));
    assertEquals(Optional.empty(), expect(b, 17, Schooling.NOT_IN_UPPER_SECONDARY));
  }

  @Test
  void schoolingShouldFollowTheSwedishSchoolCalendarWhenNobodyStatedIt() {
    assertEquals(Schooling.NOT_STARTED, Schooling.byAge(TODAY.minusMonths(5), TODAY));
    assertEquals(Schooling.PRESCHOOL, Schooling.byAge(TODAY.minusYears(3), TODAY));
    // Förskoleklass from the autumn of the year the child turns 6, even if its birthday is in December.
    assertEquals(Schooling.PRESCHOOL_CLASS, Schooling.byAge(LocalDate.of(2020, 12, 30), LocalDate.of(2026, 8, 20)));
    assertEquals(Schooling.PRESCHOOL, Schooling.byAge(LocalDate.of(2020, 12, 30), LocalDate.of(2026, 7, 31)));
    // July still belongs to the school year that began the August before.
    assertEquals(Schooling.PRESCHOOL_CLASS, Schooling.byAge(LocalDate.of(2020, 1, 5), LocalDate.of(2027, 7, 1)));
    assertEquals(Schooling.COMPULSORY, Schooling.byAge(LocalDate.of(2020, 1, 5), LocalDate.of(2027, 8, 1)));
    assertEquals(Schooling.COMPULSORY, Schooling.byAge(TODAY.minusYears(10), TODAY));
    assertEquals(Schooling.UPPER_SECONDARY, Schooling.byAge(TODAY.minusYears(17), TODAY));
    assertEquals(Schooling.FINISHED, Schooling.byAge(TODAY.minusYears(20), TODAY));
  }

  @Test
  void aStatedSchoolingShouldHoldUntilTheStageItNamesIsNormallyOver() {
    LocalDate born = LocalDate.of(2021, 3, 1);
    LocalDate statedOn = LocalDate.of(2022, 1, 10);
    // Kept at home instead of förskola: stays so until förskoleklass, which every child starts.
    assertEquals(Schooling.NOT_STARTED, Schooling.current(Schooling.NOT_STARTED, statedOn, born, LocalDate.of(2027, 6, 30)));
    assertEquals(Schooling.PRESCHOOL_CLASS, Schooling.current(Schooling.NOT_STARTED, statedOn, born, LocalDate.of(2027, 8, 15)));
    // A youth who left gymnasium stays with KAA until the year it turns 20, not 19.
    LocalDate youth = LocalDate.of(2009, 5, 1);
    assertEquals(Schooling.NOT_IN_UPPER_SECONDARY,
        Schooling.current(Schooling.NOT_IN_UPPER_SECONDARY, LocalDate.of(2026, 3, 1), youth, LocalDate.of(2028, 9, 1)));
    assertEquals(Schooling.FINISHED,
        Schooling.current(Schooling.NOT_IN_UPPER_SECONDARY, LocalDate.of(2026, 3, 1), youth, LocalDate.of(2029, 9, 1)));
  }

  @Test
  void aStatedSchoolingShouldHoldAtLeastForTheSchoolYearItWasStatedIn() {
    // Still in grundskola at 16 (the calendar says gymnasium): holds this school year, then is asked again.
    LocalDate born = LocalDate.of(2010, 2, 1);
    LocalDate statedOn = LocalDate.of(2026, 9, 1);
    assertEquals(Schooling.COMPULSORY, Schooling.current(Schooling.COMPULSORY, statedOn, born, LocalDate.of(2027, 6, 1)));
    assertEquals(Schooling.UPPER_SECONDARY, Schooling.current(Schooling.COMPULSORY, statedOn, born, LocalDate.of(2027, 8, 20)));
    assertEquals(Schooling.FINISHED, Schooling.current(Schooling.FINISHED, statedOn, born, LocalDate.of(2040, 1, 1)));
  }

  @Test
  void aBabyRegisteredAtHomeShouldBecomeDueForTheSchoolAtForskoleklass() {
    LocalDate born = LocalDate.of(2021, 3, 1);
    LocalDate statedOn = LocalDate.of(2021, 6, 1);
    LocalDate autumnOfSix = LocalDate.of(2027, 9, 1);
    Schooling now = Schooling.current(Schooling.NOT_STARTED, statedOn, born, autumnOfSix);
    assertEquals(Optional.of(ContactKind.SCHOOL), KRONOBARNSMODELLEN.expectedContact(born, now, autumnOfSix));
    assertEquals(Optional.of(ContactKind.SCHOOL), SORMLAND.expectedContact(born, now, autumnOfSix));
  }

  @Test
  void aRegionShouldBeAbleToSupplyItsOwnModelAsAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    String own = """
        {"id": "halland", "name": "Barnets väg i Halland", "contactTitle": "Barnansvarig",
         "contactKinds": {"MATERNITY_CARE": "Barnmorskan", "CHILD_HEALTH_CARE": "BVC", "SCHOOL": "Skolan"},
         "beforeBirth": "MATERNITY_CARE",
         "bySchooling": {"NOT_STARTED": {"contact": "CHILD_HEALTH_CARE"}, "PRESCHOOL": {"contact": "CHILD_HEALTH_CARE"},
           "PRESCHOOL_CLASS": {"contact": "SCHOOL"}, "COMPULSORY": {"contact": "SCHOOL", "untilAge": 16},
           "UPPER_SECONDARY": null, "UPPER_SECONDARY_OUTSIDE_REGION": null, "NOT_IN_UPPER_SECONDARY": null, "FINISHED": null}}
        """;
    java.nio.file.Path file = dir.resolve("halland.json");
    java.nio.file.Files.writeString(file, own);
    CareModel model = CareModel.load(file.toString());
    assertEquals("halland", model.id());
    assertEquals("Barnansvarig", model.contactTitle());
    assertEquals(Optional.of(ContactKind.CHILD_HEALTH_CARE), expect(model, 3, Schooling.PRESCHOOL));
    assertEquals(Optional.of(ContactKind.SCHOOL), expect(model, 15, Schooling.COMPULSORY));
    assertEquals(Optional.empty(), expect(model, 16, Schooling.COMPULSORY));
    assertEquals(java.util.List.of(ContactKind.MATERNITY_CARE, ContactKind.CHILD_HEALTH_CARE, ContactKind.SCHOOL),
        java.util.List.copyOf(model.labels().keySet()));
  }

  @Test
  void aModelFileThatLeavesASchoolingOutOrNamesAnUnknownKindShouldBeRefusedWithTheReason(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path missing = dir.resolve("missing.json");
    java.nio.file.Files.writeString(missing, """
        {"id": "x", "name": "X", "contactTitle": "X", "contactKinds": {"SCHOOL": "Skolan", "MATERNITY_CARE": "MVC"},
         "beforeBirth": "MATERNITY_CARE", "bySchooling": {"COMPULSORY": {"contact": "SCHOOL"}}}
        """);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> CareModel.load(missing.toString()));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("NOT_STARTED"), e.getMessage());

    java.nio.file.Path unknown = dir.resolve("unknown.json");
    java.nio.file.Files.writeString(unknown, """
        {"id": "x", "name": "X", "contactTitle": "X", "contactKinds": {"SCHOOL": "Skolan", "MATERNITY_CARE": "MVC"},
         "beforeBirth": "MATERNITY_CARE",
         "bySchooling": {"NOT_STARTED": null, "PRESCHOOL": null, "PRESCHOOL_CLASS": {"contact": "SCHOOL"},
           "COMPULSORY": {"contact": "SOCIAL_SERVICES"}, "UPPER_SECONDARY": null, "UPPER_SECONDARY_OUTSIDE_REGION": null,
           "NOT_IN_UPPER_SECONDARY": null, "FINISHED": null}}
        """);
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> CareModel.load(unknown.toString()));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("SOCIAL_SERVICES"), e.getMessage());
    java.nio.file.Files.writeString(unknown, java.nio.file.Files.readString(unknown).replace("SOCIAL_SERVICES", "KAA"));
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> CareModel.load(unknown.toString()));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("KAA is used but has no name"), e.getMessage());

    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> CareModel.load("vastmanland"));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("kronobarnsmodellen"), e.getMessage());
  }
}
