package se.samverkan.admin;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import se.samverkan.policy.AccessLog;
import se.samverkan.policy.AccessPolicy;

/**
 * What makes an access-log entry worth a closer look in loggkontroll. Pure: the entry and the same
 * user's reads around it in, the flags out. A professional reading a child outside their
 * organisation's consent (OUTSIDE_CONSENT) is not flagged yet: it needs the consent in force at
 * the time of each read.
 */
final class AccessReviewFlags {

  enum Flag { OUTSIDE_OFFICE_HOURS, MANY_CHILDREN, DENIED }

  static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
  static final LocalTime OPENS = LocalTime.of(7, 0);
  static final LocalTime CLOSES = LocalTime.of(18, 0);
  static final int MANY_CHILDREN = 20;
  static final Duration WINDOW = Duration.ofHours(1);
  /** Listing one's children writes a row per child without opening any; such rows do not count as reads. */
  private static final Set<String> LISTINGS = Set.of(AccessPolicy.RoleAction.CHILD_LIST.logName(),
      AccessPolicy.RoleAction.HANDOVER_LIST.logName());

  private AccessReviewFlags() {
  }

  /**
   * @param reads granted reads of a child by the entry's user from at least {@link #WINDOW} before
   *              the entry to {@link #WINDOW} after it (other users' rows are ignored)
   */
  static List<Flag> of(AccessLog.Entry entry, List<AccessLog.Entry> reads) {
    List<Flag> flags = new ArrayList<>();
    if (outsideOfficeHours(entry.at())) {
      flags.add(Flag.OUTSIDE_OFFICE_HOURS);
    }
    if (manyChildren(entry, reads)) {
      flags.add(Flag.MANY_CHILDREN);
    }
    if (entry.outcome() == AccessLog.Outcome.DENIED) {
      flags.add(Flag.DENIED);
    }
    return flags;
  }

  /** Before 07:00 or from 18:00 Swedish time, or on a Saturday or Sunday (public holidays are not known). */
  static boolean outsideOfficeHours(Instant at) {
    ZonedDateTime local = at.atZone(SWEDEN);
    DayOfWeek day = local.getDayOfWeek();
    LocalTime time = local.toLocalTime();
    return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY || time.isBefore(OPENS) || !time.isBefore(CLOSES);
  }

  /**
   * The entry's user read {@link #MANY_CHILDREN} or more different children within one hour that
   * includes the entry's moment. Only windows starting at a read or at the entry need checking: any
   * other window can be moved to start at its first read (or at the entry) and keeps its reads.
   */
  static boolean manyChildren(AccessLog.Entry entry, List<AccessLog.Entry> reads) {
    List<AccessLog.Entry> own = reads.stream()
        .filter(r -> r.username().equals(entry.username()) && r.childId() != null && !LISTINGS.contains(r.action()))
        .toList();
    List<Instant> starts = new ArrayList<>(List.of(entry.at()));
    own.stream().map(AccessLog.Entry::at)
        .filter(t -> t.isAfter(entry.at().minus(WINDOW)) && !t.isAfter(entry.at()))
        .forEach(starts::add);
    for (Instant start : starts) {
      Instant end = start.plus(WINDOW);
      Set<UUID> children = new HashSet<>();
      own.stream().filter(r -> !r.at().isBefore(start) && r.at().isBefore(end)).forEach(r -> children.add(r.childId()));
      if (children.size() >= MANY_CHILDREN) {
        return true;
      }
    }
    return false;
  }
}
