package se.samverkan.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PersonalNumberTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

  @Test
  void validNumbersShouldBeNormalisedToTwelveDigits() {
    assertEquals("19121212-1212", PersonalNumber.parse("19121212-1212", TODAY).orElseThrow().normalised());
    assertEquals("19121212-1212", PersonalNumber.parse("191212121212", TODAY).orElseThrow().normalised());
    assertEquals(LocalDate.of(2012, 12, 12), PersonalNumber.parse("121212-1212", TODAY).orElseThrow().birthDate());
    assertEquals(LocalDate.of(1912, 12, 12), PersonalNumber.parse("121212+1212", TODAY).orElseThrow().birthDate());
  }

  @Test
  void samordningsnummerShouldMapTheDayBack() {
    assertEquals(LocalDate.of(1970, 10, 3), PersonalNumber.parse("19701063-2391", TODAY).orElseThrow().birthDate());
  }

  @Test
  void wrongCheckDigitOrImpossibleDateShouldBeRefused() {
    assertTrue(PersonalNumber.parse("19121212-1213", TODAY).isEmpty(), "check digit");
    assertTrue(PersonalNumber.parse("20121312-1212", TODAY).isEmpty(), "month 13");
    assertTrue(PersonalNumber.parse("1212121212x", TODAY).isEmpty(), "not digits");
    assertTrue(PersonalNumber.parse("", TODAY).isEmpty());
  }

  @Test
  void aTenDigitNumberShouldBePlacedInTheCenturyThatPutsItsDateInThePast() {
    // 12 December is still to come in 2026: the person was born in 1926.
    assertEquals(LocalDate.of(1926, 12, 12), PersonalNumber.parse("261212-1216", TODAY).orElseThrow().birthDate());
    assertEquals(LocalDate.of(2026, 11, 20), PersonalNumber.parse("261120-1217", TODAY).orElseThrow().birthDate());
  }

  @Test
  void aBirthDateInTheFutureOrAPlusWithTheCenturyShouldBeRefused() {
    assertTrue(PersonalNumber.parse("20261212-1216", TODAY).isEmpty(), "not born yet");
    assertTrue(PersonalNumber.parse("19121212+1212", TODAY).isEmpty(), "+ with a four-digit year");
  }

  @Test
  void luhnShouldMatchKnownCheckDigits() {
    assertEquals(2, PersonalNumber.luhn("121212121"));
    assertEquals(1, PersonalNumber.luhn("701063239"));
  }

  @Test
  void theNumberShouldNotLeakThroughToString() {
    assertTrue(!PersonalNumber.parse("19121212-1212", TODAY).orElseThrow().toString().contains("1212"));
  }
}
