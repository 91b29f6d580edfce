package se.samverkan.caremodel;

import java.time.LocalDate;
import java.time.Month;
import java.time.Period;

/**
 * Where the child is in the school system; with the age it decides which ChildContact applies.
 *
 * <p>Unless someone states otherwise, the schooling follows the Swedish school calendar: förskola
 * from the age of one, förskoleklass from the autumn of the year the child turns 6, grundskola from
 * the autumn of the year it turns 7, gymnasium from the year it turns 16 (three years). A stated
 * schooling (a child kept at home, a youth who left gymnasium, a gymnasium in another region) holds
 * for the school year it was stated in and until the stage it names normally ends; after that the
 * calendar takes over again, so a handover falls due and the ChildContact confirms or corrects it.
 */
public enum Schooling {
  NOT_STARTED(6),
  PRESCHOOL(6),
  PRESCHOOL_CLASS(7),
  COMPULSORY(16),
  UPPER_SECONDARY(19),
  UPPER_SECONDARY_OUTSIDE_REGION(19),
  // The municipal activity duty (KAA) covers youths under 20.
  NOT_IN_UPPER_SECONDARY(20),
  FINISHED(Integer.MAX_VALUE);

  /** School terms start in August: July still belongs to the school year that began the August before. */
  private static final Month SCHOOL_YEAR_STARTS = Month.AUGUST;

  /** The school-year age (see {@link #schoolYearAge}) from which this stage is normally over. */
  private final int normallyOverAt;

  Schooling(int normallyOverAt) {
    this.normallyOverAt = normallyOverAt;
  }

  /**
   * How old the child turns in the calendar year in which the current school year began: the age
   * that places children in Swedish school years (förskoleklass at 6, årskurs 1 at 7, …).
   */
  static int schoolYearAge(LocalDate birthDate, LocalDate today) {
    int schoolYearBegan = today.getMonthValue() >= SCHOOL_YEAR_STARTS.getValue() ? today.getYear() : today.getYear() - 1;
    return schoolYearBegan - birthDate.getYear();
  }

  /** The schooling the school calendar gives a child of this birth date today. */
  public static Schooling byAge(LocalDate birthDate, LocalDate today) {
    if (birthDate.isAfter(today) || Period.between(birthDate, today).getYears() < 1) {
      return NOT_STARTED;
    }
    int age = schoolYearAge(birthDate, today);
    if (age < 6) {
      return PRESCHOOL;
    }
    if (age == 6) {
      return PRESCHOOL_CLASS;
    }
    if (age <= 15) {
      return COMPULSORY;
    }
    if (age <= 18) {
      return UPPER_SECONDARY;
    }
    return FINISHED;
  }

  /**
   * The child's schooling today.
   *
   * @param stated   what the ChildContact last stated, or null when nobody has
   * @param statedOn the day it was stated (ignored when {@code stated} is null)
   */
  public static Schooling current(Schooling stated, LocalDate statedOn, LocalDate birthDate, LocalDate today) {
    if (stated == null) {
      return byAge(birthDate, today);
    }
    int holdsUntil = Math.max(stated.normallyOverAt, schoolYearAge(birthDate, statedOn) + 1);
    return schoolYearAge(birthDate, today) < holdsUntil ? stated : byAge(birthDate, today);
  }
}
