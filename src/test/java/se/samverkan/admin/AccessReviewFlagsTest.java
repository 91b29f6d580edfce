package se.samverkan.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.samverkan.admin.AccessReviewFlags.Flag;
import se.samverkan.policy.AccessLog;
import se.samverkan.policy.ActionKind;

/** What loggkontroll flags: reads outside office hours, many children in an hour, refusals. */
class AccessReviewFlagsTest {

  static Instant sweden(String local) {
    return ZonedDateTime.parse(local + "[Europe/Stockholm]").toInstant();
  }

  static AccessLog.Entry read(String user, Instant at, UUID child) {
    return new AccessLog.Entry(1, at, user, "vaxjo", "child.read", child, "Individuellt barnteam",
        AccessLog.Outcome.GRANTED, 1, ActionKind.READ, null);
  }

  /** n reads of n different children by the user, one a minute from start. */
  static List<AccessLog.Entry> reads(String user, Instant start, int n) {
    List<AccessLog.Entry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(read(user, start.plus(Duration.ofMinutes(i)), UUID.randomUUID()));
    }
    return out;
  }

  @Test
  void officeHoursShouldBeSevenToSixOnWeekdaysSwedishTime() {
    // Wednesday 2026-12-02 (winter time, UTC+1) and Wednesday 2026-06-03 (summer time, UTC+2).
    assertFalse(AccessReviewFlags.outsideOfficeHours(sweden("2026-12-02T07:00:00+01:00")));
    assertFalse(AccessReviewFlags.outsideOfficeHours(sweden("2026-12-02T17:59:59+01:00")));
    assertTrue(AccessReviewFlags.outsideOfficeHours(sweden("2026-12-02T06:59:59+01:00")));
    assertTrue(AccessReviewFlags.outsideOfficeHours(sweden("2026-12-02T18:00:00+01:00")));
    assertFalse(AccessReviewFlags.outsideOfficeHours(Instant.parse("2026-06-03T05:30:00Z")), "07:30 in summer");
    assertTrue(AccessReviewFlags.outsideOfficeHours(Instant.parse("2026-12-02T05:30:00Z")), "06:30 in winter");
    assertTrue(AccessReviewFlags.outsideOfficeHours(sweden("2026-12-05T10:00:00+01:00")), "Saturday");
    assertTrue(AccessReviewFlags.outsideOfficeHours(sweden("2026-12-06T10:00:00+01:00")), "Sunday");
  }

  @Test
  void twentyDifferentChildrenWithinAnHourShouldFlagEveryEntryInThatHour() {
    Instant start = sweden("2026-12-02T09:00:00+01:00");
    List<AccessLog.Entry> reads = reads("erik", start, 20);
    assertEquals(List.of(Flag.MANY_CHILDREN), AccessReviewFlags.of(reads.get(0), reads));
    assertEquals(List.of(Flag.MANY_CHILDREN), AccessReviewFlags.of(reads.get(19), reads));
    AccessLog.Entry laterThatHour = read("erik", start.plus(Duration.ofMinutes(50)), UUID.randomUUID());
    assertTrue(AccessReviewFlags.manyChildren(laterThatHour, reads));
  }

  @Test
  void nineteenChildrenOrTwentySpreadOverMoreThanAnHourOrRereadsShouldNotFlag() {
    Instant start = sweden("2026-12-02T09:00:00+01:00");
    List<AccessLog.Entry> nineteen = reads("erik", start, 19);
    assertFalse(AccessReviewFlags.manyChildren(nineteen.get(0), nineteen));

    List<AccessLog.Entry> spread = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      spread.add(read("erik", start.plus(Duration.ofMinutes(4 * i)), UUID.randomUUID()));
    }
    assertFalse(AccessReviewFlags.manyChildren(spread.get(10), spread), "20 children over 76 minutes");

    UUID one = UUID.randomUUID();
    List<AccessLog.Entry> rereads = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rereads.add(read("erik", start.plus(Duration.ofMinutes(i)), one));
    }
    assertFalse(AccessReviewFlags.manyChildren(rereads.get(0), rereads), "one child read 30 times");
  }

  @Test
  void anotherUsersReadsAndListingsShouldNotCount() {
    Instant start = sweden("2026-12-02T09:00:00+01:00");
    List<AccessLog.Entry> others = reads("anna", start, 25);
    assertFalse(AccessReviewFlags.manyChildren(read("erik", start, UUID.randomUUID()), others));

    List<AccessLog.Entry> listing = reads("erik", start, 25).stream().map(r -> new AccessLog.Entry(r.id(), r.at(),
        r.username(), r.organisation(), "child.list", r.childId(), r.purpose(), r.outcome(), 1, ActionKind.READ, null)).toList();
    assertFalse(AccessReviewFlags.manyChildren(listing.get(0), listing));
  }

  @Test
  void aRefusalShouldBeFlaggedAndFlagsCombine() {
    AccessLog.Entry refused = new AccessLog.Entry(2, sweden("2026-12-05T23:00:00+01:00"), "olof", "ljungby",
        "child.read", null, null, AccessLog.Outcome.DENIED, 3, ActionKind.READ, null);
    assertEquals(List.of(Flag.OUTSIDE_OFFICE_HOURS, Flag.DENIED), AccessReviewFlags.of(refused, List.of()));
    assertEquals(List.of(), AccessReviewFlags.of(read("erik", sweden("2026-12-02T10:00:00+01:00"), UUID.randomUUID()),
        List.of()));
  }
}
