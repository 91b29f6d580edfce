package se.samverkan.child;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import se.samverkan.caremodel.ContactKind;
import se.samverkan.caremodel.Schooling;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;

/**
 * A child as a ChildContact registers it (NewChild), from the body the contract has already
 * validated. The name is trimmed and must keep a character; the date must be a real one (the
 * contract's pattern lets 2024-02-30 through). {@code personalNumber} stays as typed until
 * {@link #personalNumberOn} checks it against the day of registration; {@code schooling} and
 * {@code contactKind} are null when not given.
 */
record ChildRegistration(String name, LocalDate birthDate, String personalNumber, Schooling schooling,
                         ContactKind contactKind) {

  ChildRegistration {
    requireName(name);
    Objects.requireNonNull(birthDate, "birthDate");
  }

  static ChildRegistration from(JsonObject body) {
    // The name is checked before the date is read: a request wrong in both is told about the name, as always.
    String name = requireName(body.getString("name").trim());
    return new ChildRegistration(name, date(body.getString("birthDate")), body.getString("personalNumber"),
        body.getString("schooling") == null ? null : Schooling.valueOf(body.getString("schooling")),
        body.getString("contactKind") == null ? null : ContactKind.valueOf(body.getString("contactKind")));
  }

  /**
   * The personal number (empty when none was given), once the birth date is one the support covers on
   * {@code today} and the number is valid and names that date; otherwise 400 saying which.
   */
  Optional<PersonalNumber> personalNumberOn(LocalDate today) {
    if (birthDate.isBefore(today.minusYears(25)) || birthDate.isAfter(today.plusMonths(10))) {
      throw ProblemException.invalid("Födelsedatumet ligger utanför det som stödet avser.");
    }
    if (personalNumber == null) {
      return Optional.empty();
    }
    PersonalNumber parsed = PersonalNumber.parse(personalNumber, today).orElseThrow(() ->
        ProblemException.invalid("Personnumret är inte giltigt (datum eller kontrollsiffra stämmer inte)."));
    if (!parsed.birthDate().equals(birthDate)) {
      throw ProblemException.invalid("Personnumret stämmer inte med födelsedatumet.");
    }
    return Optional.of(parsed);
  }

  private static String requireName(String name) {
    if (name.trim().isEmpty()) {
      throw ProblemException.invalid("Barnets namn saknas.");
    }
    return name;
  }

  private static LocalDate date(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new ProblemException(Problem.of(ProblemType.INVALID_REQUEST, "Ogiltigt datum: " + value + "."));
    }
  }

  @Override
  public String toString() {
    return "ChildRegistration[***]";
  }
}
