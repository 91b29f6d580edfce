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
  void schoolingShouldBeGuessedFromAge() {
    assertEquals(Schooling.NOT_STARTED, Schooling.likelyFor(TODAY.minusMonths(5), TODAY));
    assertEquals(Schooling.PRESCHOOL, Schooling.likelyFor(TODAY.minusYears(3), TODAY));
    assertEquals(Schooling.COMPULSORY, Schooling.likelyFor(TODAY.minusYears(10), TODAY));
    assertEquals(Schooling.UPPER_SECONDARY, Schooling.likelyFor(TODAY.minusYears(17), TODAY));
  }
}
