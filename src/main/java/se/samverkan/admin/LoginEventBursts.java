package se.samverkan.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import se.samverkan.identity.LoginEvent;

/**
 * Failed-login bursts: {@link #THRESHOLD} or more LOGIN_ERROR events for one user, or through one
 * identity provider, within {@link #WINDOW} (a guessed password, a stolen card's PIN tried, a
 * broker under attack). Pure. A burst runs on while each further error is the {@link #THRESHOLD}th
 * within a window, and is reported once, with its count and first and last error.
 */
final class LoginEventBursts {

  static final int THRESHOLD = 5;
  static final Duration WINDOW = Duration.ofMinutes(10);

  enum By { USERNAME, IDENTITY_PROVIDER }

  /** One burst: {@code subject} is the username or the identity provider's alias. */
  record Burst(By by, String subject, int count, Instant from, Instant to) {
  }

  private LoginEventBursts() {
  }

  static List<Burst> of(List<LoginEvent> events) {
    List<LoginEvent> errors = events.stream().filter(e -> LoginEvent.LOGIN_ERROR.equals(e.type()))
        .sorted(Comparator.comparing(LoginEvent::time)).toList();
    List<Burst> bursts = new ArrayList<>();
    bursts.addAll(by(errors, By.USERNAME, LoginEvent::username));
    bursts.addAll(by(errors, By.IDENTITY_PROVIDER, LoginEvent::identityProvider));
    return bursts;
  }

  private static List<Burst> by(List<LoginEvent> errors, By by, Function<LoginEvent, String> key) {
    Map<String, List<Instant>> times = new LinkedHashMap<>();
    for (LoginEvent e : errors) {
      String k = key.apply(e);
      if (k != null) {
        times.computeIfAbsent(k, x -> new ArrayList<>()).add(e.time());
      }
    }
    List<Burst> out = new ArrayList<>();
    times.forEach((subject, t) -> out.addAll(bursts(by, subject, t)));
    return out;
  }

  /** Bursts in ascending times of one subject's errors. */
  static List<Burst> bursts(By by, String subject, List<Instant> t) {
    List<Burst> out = new ArrayList<>();
    int i = 0;
    while (i + THRESHOLD - 1 < t.size()) {
      if (within(t.get(i), t.get(i + THRESHOLD - 1))) {
        int end = i + THRESHOLD - 1;
        while (end + 1 < t.size() && within(t.get(end + 1 - (THRESHOLD - 1)), t.get(end + 1))) {
          end++;
        }
        out.add(new Burst(by, subject, end - i + 1, t.get(i), t.get(end)));
        i = end + 1;
      } else {
        i++;
      }
    }
    return out;
  }

  private static boolean within(Instant first, Instant last) {
    return !last.isAfter(first.plus(WINDOW));
  }
}
