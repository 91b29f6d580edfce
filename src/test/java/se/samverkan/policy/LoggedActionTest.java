package se.samverkan.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The access log's action names are stored in every row, so they are pinned and never shared by two constants. */
class LoggedActionTest {

  @Test
  void everyLoggedActionShouldKeepItsStoredNameAndNoTwoShouldShareOne() {
    List<String> names = Stream.of(AccessPolicy.Action.values(), AccessPolicy.RoleAction.values(), MeetingSight.Use.values())
        .flatMap(Stream::of).map(LoggedAction::logName).toList();

    assertEquals(List.of("child.read", "child.update", "guardian.add", "guardian.unlink", "consent.read", "consent.record",
        "consent.withdraw", "team.read", "team.add", "team.remove", "team.leave", "team.coordinator", "child.handover",
        "sharing-log.read", "sharing-log.record", "messages.read", "messages.send", "meetings.read", "meeting.schedule",
        "child.list", "child.register", "handover.list", "family.list", "family.sharing-log", "family.consents",
        "access-log.query", "server-status.read",
        "meeting.list", "meeting.read", "meeting.update", "meeting.cancel", "meeting.notes", "meeting.answer",
        "meeting.invitations"), names);
    assertEquals(names.size(), names.stream().distinct().count());
  }
}
