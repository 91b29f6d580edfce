package se.samverkan.child;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Swedish personnummer (or samordningsnummer: day + 60), validated by its Luhn check digit and
 * its date, and normalised to the 12-digit form {@code ÅÅÅÅMMDD-NNNN}. A 10-digit form is placed
 * in the century that makes the person 0–99 years old ({@code +} means 100 or older). A birth
 * date after today is no personnummer.
 */
public record PersonalNumber(String normalised, LocalDate birthDate) {

  private static final Pattern FORM = Pattern.compile("^(\\d{2})?(\\d{2})(\\d{2})(\\d{2})([-+]?)(\\d{3})(\\d)$");

  public static Optional<PersonalNumber> parse(String raw, LocalDate today) {
    if (raw == null) {
      return Optional.empty();
    }
    Matcher m = FORM.matcher(raw.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String yy = m.group(2);
    String mm = m.group(3);
    String dd = m.group(4);
    String serial = m.group(6);
    int check = m.group(7).charAt(0) - '0';
    if (luhn(yy + mm + dd + serial) != check) {
      return Optional.empty();
    }
    int day = Integer.parseInt(dd);
    if (day > 60) {
      day -= 60;
    }
    int month = Integer.parseInt(mm);
    try {
      LocalDate date;
      if (m.group(1) != null) {
        // "+" (100 years or older) only makes sense where the century is left out.
        if ("+".equals(m.group(5))) {
          return Optional.empty();
        }
        date = LocalDate.of(Integer.parseInt(m.group(1) + yy), month, day);
      } else {
        // The century that puts the birth date within the last hundred years (a later day this
        // year belongs to the previous century), or the one before with "+".
        date = LocalDate.of((today.getYear() / 100) * 100 + Integer.parseInt(yy), month, day);
        if (date.isAfter(today)) {
          date = date.minusYears(100);
        }
        if ("+".equals(m.group(5))) {
          date = date.minusYears(100);
        }
      }
      if (date.isAfter(today)) {
        return Optional.empty();
      }
      String normalised = String.format("%04d%s%s-%s%d", date.getYear(), mm, dd, serial, check);
      return Optional.of(new PersonalNumber(normalised, date));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** The Luhn check digit of the nine digits YYMMDDNNN. */
  static int luhn(String nineDigits) {
    int sum = 0;
    for (int i = 0; i < nineDigits.length(); i++) {
      int d = nineDigits.charAt(i) - '0';
      int v = i % 2 == 0 ? d * 2 : d;
      sum += v > 9 ? v - 9 : v;
    }
    return (10 - sum % 10) % 10;
  }

  @Override
  public String toString() {
    return "PersonalNumber[***]";
  }
}
