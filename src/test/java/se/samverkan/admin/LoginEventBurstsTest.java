package se.samverkan.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.samverkan.admin.LoginEventBursts.Burst;
import se.samverkan.admin.LoginEventBursts.By;
import se.samverkan.identity.LoginEvent;

/** Five failed logins for one user, or through one identity provider, within ten minutes are a burst. */
class LoginEventBurstsTest {

  static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");

  static LoginEvent error(String user, String idp, long minutes) {
    return new LoginEvent(T0.plus(Duration.ofMinutes(minutes)), LoginEvent.LOGIN_ERROR, null, user, "10.0.0.1", idp,
        "invalid_user_credentials");
  }

  @Test
  void fiveErrorsForOneUserWithinTenMinutesShouldBeOneBurst() {
    List<LoginEvent> events = List.of(error("erik", null, 0), error("erik", null, 2), error("erik", null, 4),
        error("erik", null, 6), error("erik", null, 10));
    assertEquals(List.of(new Burst(By.USERNAME, "erik", 5, T0, T0.plus(Duration.ofMinutes(10)))),
        LoginEventBursts.of(events));
  }

  @Test
  void fourErrorsOrFiveSpreadOverMoreThanTenMinutesOrSuccessesShouldNotBe() {
    assertEquals(List.of(), LoginEventBursts.of(List.of(error("erik", null, 0), error("erik", null, 1),
        error("erik", null, 2), error("erik", null, 3))));
    assertEquals(List.of(), LoginEventBursts.of(List.of(error("erik", null, 0), error("erik", null, 3),
        error("erik", null, 6), error("erik", null, 9), error("erik", null, 11))));
    List<LoginEvent> logins = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      logins.add(new LoginEvent(T0.plusSeconds(i), "LOGIN", null, "erik", "10.0.0.1", null, null));
    }
    assertEquals(List.of(), LoginEventBursts.of(logins));
  }

  @Test
  void errorsOfDifferentUsersShouldNotAddUpButThroughOneIdentityProviderTheyShould() {
    List<LoginEvent> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(error("user" + i, "vaxjo-idp", i));
    }
    assertEquals(List.of(new Burst(By.IDENTITY_PROVIDER, "vaxjo-idp", 5, T0, T0.plus(Duration.ofMinutes(4)))),
        LoginEventBursts.of(events));
  }

  @Test
  void aBurstShouldRunOnWhileErrorsKeepComingAndBeReportedOnce() {
    List<LoginEvent> events = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      events.add(error("erik", null, 2L * i));
    }
    events.add(error("erik", null, 200));
    assertEquals(List.of(new Burst(By.USERNAME, "erik", 12, T0, T0.plus(Duration.ofMinutes(22)))),
        LoginEventBursts.of(events));
  }
}
