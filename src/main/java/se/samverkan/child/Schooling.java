package se.samverkan.child;

import java.time.LocalDate;
import java.time.Period;

/** Where the child is in the school system; with the age it decides which ChildContact applies. */
public enum Schooling {
  NOT_STARTED,
  PRESCHOOL,
  PRESCHOOL_CLASS,
  COMPULSORY,
  UPPER_SECONDARY,
  UPPER_SECONDARY_OUTSIDE_REGION,
  NOT_IN_UPPER_SECONDARY,
  FINISHED;

  /**
   * A first guess from the age, used when the ChildContact does not say: Swedish children usually
   * start förskola at 1, förskoleklass the year they turn 6, grundskola at 7 and gymnasium at 16.
   */
  public static Schooling likelyFor(LocalDate birthDate, LocalDate today) {
    if (birthDate.isAfter(today)) {
      return NOT_STARTED;
    }
    int age = Period.between(birthDate, today).getYears();
    if (age < 1) {
      return NOT_STARTED;
    }
    if (age < 6) {
      return PRESCHOOL;
    }
    if (age < 7) {
      return PRESCHOOL_CLASS;
    }
    if (age < 16) {
      return COMPULSORY;
    }
    if (age < 19) {
      return UPPER_SECONDARY;
    }
    return FINISHED;
  }
}
