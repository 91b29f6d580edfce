package se.samverkan.policy;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.EnumSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** HSLF-FS 2016:40: every access-log action says whether it read, changed, disclosed or copied. */
class ActionKindTest {

  /** Every enum of the main code that implements LoggedAction, found in the class files, not listed by hand. */
  static List<LoggedAction> everyLoggedAction() {
    return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("se.samverkan").stream()
        .filter(c -> c.isEnum() && c.isAssignableTo(LoggedAction.class))
        .map(JavaClass::reflect)
        .flatMap(c -> Stream.of(c.getEnumConstants()))
        .map(LoggedAction.class::cast)
        .toList();
  }

  @Test
  void everyConstantOfEveryLoggedActionEnumShouldHaveAKind() {
    List<LoggedAction> all = everyLoggedAction();
    Set<Class<?>> enums = Set.copyOf(all.stream().<Class<?>>map(a -> ((Enum<?>) a).getDeclaringClass()).toList());
    assertTrue(enums.containsAll(Set.of(AccessPolicy.Action.class, AccessPolicy.RoleAction.class, MeetingSight.Use.class,
        DirectPolicy.Use.class, ReviewUse.class)), enums.toString());
    for (LoggedAction action : all) {
      assertNotNull(action.kind(), action.logName());
    }
  }

  @Test
  void readsChangesDisclosuresAndCopiesShouldBeTheOnesTheRegulationMeans() {
    assertEquals(ActionKind.READ, AccessPolicy.Action.CHILD_READ.kind());
    assertEquals(ActionKind.READ, MeetingSight.Use.READ.kind());
    assertEquals(ActionKind.READ, DirectPolicy.Use.READ.kind());
    assertEquals(ActionKind.CHANGE, AccessPolicy.Action.CONSENT_RECORD.kind());
    assertEquals(ActionKind.CHANGE, AccessPolicy.RoleAction.CHILD_REGISTER.kind());
    assertEquals(ActionKind.CHANGE, MeetingSight.Use.NOTES.kind());
    assertEquals(ActionKind.DISCLOSE, AccessPolicy.Action.TEAM_ADD.kind());
    assertEquals(ActionKind.DISCLOSE, AccessPolicy.Action.HANDOVER.kind());
    assertEquals(ActionKind.COPY, ReviewUse.EXPORT.kind());
  }

  @Test
  void everyKindShouldBeUsedBySomeAction() {
    EnumSet<ActionKind> used = EnumSet.noneOf(ActionKind.class);
    everyLoggedAction().forEach(a -> used.add(a.kind()));
    assertEquals(EnumSet.allOf(ActionKind.class), used);
  }

  /** The whole mapping, pinned: a kind changed by mistake changes what loggkontroll filters. */
  @Test
  void everyActionShouldKeepTheKindItIsLoggedWith() {
    Map<ActionKind, List<String>> expected = new EnumMap<>(ActionKind.class);
    expected.put(ActionKind.READ, List.of("child.read", "consent.read", "team.read", "sharing-log.read", "messages.read", "meetings.read", "child.list", "handover.list", "family.list", "family.sharing-log", "family.consents", "access-log.query", "server-status.read", "meeting.list", "meeting.read", "meeting.invitations", "direct.read", "direct.devices", "access-review.sample", "login-events.read", "admin-events.read"));
    expected.put(ActionKind.CHANGE, List.of("child.update", "guardian.add", "guardian.unlink", "consent.record", "consent.withdraw", "team.remove", "team.leave", "team.coordinator", "messages.send", "meeting.schedule", "child.register", "meeting.update", "meeting.cancel", "meeting.notes", "meeting.answer", "direct.start", "direct.send", "access-review.mark"));
    expected.put(ActionKind.DISCLOSE, List.of("team.add", "child.handover", "sharing-log.record"));
    expected.put(ActionKind.COPY, List.of("access-log.export"));
    Map<ActionKind, List<String>> actual = new EnumMap<>(ActionKind.class);
    for (LoggedAction a : everyLoggedAction()) {
      actual.computeIfAbsent(a.kind(), k -> new java.util.ArrayList<>()).add(a.logName());
    }
    actual.replaceAll((k, v) -> v.stream().sorted().toList());
    expected.replaceAll((k, v) -> v.stream().sorted().toList());
    assertEquals(expected, actual);
  }
}
