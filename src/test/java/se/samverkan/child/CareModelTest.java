package se.samverkan.child;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ChildContact follows the child's age, differently in each region's model (DOMAIN.md). */
class CareModelTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

  private static Optional<ContactKind> expect(CareModel model, int ageYears, Schooling schooling) {
    return model.expectedContact(TODAY.minusYears(ageYears).minusDays(10), schooling, TODAY);
  }

  @Test
  void everyModelShouldStartWithMaternityCareBeforeBirth() {
    for (CareModel m : CareModel.values()) {
      assertEquals(Optional.of(ContactKind.MATERNITY_CARE), m.expectedContact(TODAY.plusMonths(3), Schooling.NOT_STARTED, TODAY));
    }
  }

  @Test
  void kronobarnsmodellenShouldFollowHealthCarePreschoolSchoolUntil18ThenKaa() {
    CareModel k = CareModel.KRONOBARNSMODELLEN;
    assertEquals(Optional.of(ContactKind.CHILD_HEALTH_CARE), expect(k, 0, Schooling.NOT_STARTED));
    assertEquals(Optional.of(ContactKind.PRESCHOOL), expect(k, 3, Schooling.PRESCHOOL));
    assertEquals(Optional.of(ContactKind.SCHOOL), expect(k, 10, Schooling.COMPULSORY));
    assertEquals(Optional.of(ContactKind.SCHOOL), expect(k, 17, Schooling.UPPER_SECONDARY));
    assertEquals(Optional.empty(), expect(k, 18, Schooling.UPPER_SECONDARY));
    assertEquals(Optional.of(ContactKind.KAA), expect(k, 17, Schooling.NOT_IN_UPPER_SECONDARY));
  }

  @Test
  void sormlandShouldHandGymnasiumOutsideTheRegionToTheHomeMunicipality() {
    CareModel s = CareModel.SORMLAND;
    assertEquals(Optional.of(ContactKind.SCHOOL), expect(s, 16, Schooling.UPPER_SECONDARY));
    assertEquals(Optional.of(ContactKind.FOLLOW_UP_HOME_MUNICIPALITY), expect(s, 16, Schooling.UPPER_SECONDARY_OUTSIDE_REGION));
    assertEquals(Optional.of(ContactKind.KAA), expect(s, 17, Schooling.NOT_IN_UPPER_SECONDARY));
  }

  @Test
  void backaBarnetShouldEndWhenTheChildLeavesSchool() {
    CareModel b = CareModel.BACKA_BARNET;
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
    assertEquals(Optional.of(ContactKind.SCHOOL), CareModel.KRONOBARNSMODELLEN.expectedContact(born, now, autumnOfSix));
    assertEquals(Optional.of(ContactKind.SCHOOL), CareModel.SORMLAND.expectedContact(born, now, autumnOfSix));
  }
}
