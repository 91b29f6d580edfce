package se.samverkan.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samverkan.config.EnvConfigLoader;

/** When a meeting's reminder goes: SAMVERKAN_MEETING_REMINDER_HOURS before the start (24 unless configured). */
class ReminderScheduleTest {

  private static final Instant NOW = Instant.parse("2027-03-01T08:00:00Z");
  private static final Instant START = Instant.parse("2027-03-10T09:00:00Z");

  @TempDir
  Path dir;

  private Map<String, String> serveEnvironment() throws IOException {
    Path key = dir.resolve("master.key");
    Files.writeString(key, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    Map<String, String> env = new HashMap<>();
    env.put("SAMVERKAN_DB_HOST", "db.internal");
    env.put("SAMVERKAN_DB_USER", "samverkan");
    env.put("SAMVERKAN_DB_PASSWORD", "s3cret");
    env.put("SAMVERKAN_OIDC_ISSUER", "https://login.example.se/realms/samverkan");
    env.put("SAMVERKAN_KEYCLOAK_CLIENT_SECRET", "client-secret");
    env.put("SAMVERKAN_MASTER_KEY_FILE", key.toString());
    env.put("SAMVERKAN_SMTP_HOST", "smtp.internal");
    return env;
  }

  @Test
  void theReminderShouldGoTheConfiguredHoursBeforeTheStart() throws IOException {
    Map<String, String> env = serveEnvironment();
    Duration byDefault = EnvConfigLoader.load(env).mail().reminderLead();
    assertEquals(Duration.ofHours(24), byDefault);
    assertEquals(Instant.parse("2027-03-09T09:00:00Z"), MeetingService.reminderAt(START, byDefault, NOW));

    env.put("SAMVERKAN_MEETING_REMINDER_HOURS", "6");
    Duration six = EnvConfigLoader.load(env).mail().reminderLead();
    assertEquals(Instant.parse("2027-03-10T03:00:00Z"), MeetingService.reminderAt(START, six, NOW));
  }

  @Test
  void zeroHoursShouldMeanNoReminderAndAMeetingInsideTheWindowShouldGetNone() throws IOException {
    Map<String, String> env = serveEnvironment();
    env.put("SAMVERKAN_MEETING_REMINDER_HOURS", "0");
    assertNull(MeetingService.reminderAt(START, EnvConfigLoader.load(env).mail().reminderLead(), NOW));
    assertNull(MeetingService.reminderAt(START, Duration.ofHours(24), START.minus(Duration.ofHours(3))),
        "scheduled three hours before: the invitation is reminder enough");
  }
}
