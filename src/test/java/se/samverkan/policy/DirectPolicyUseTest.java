package se.samverkan.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The direct-message actions' stored names are pinned, and none is shared with another logged action. */
class DirectPolicyUseTest {

  @Test
  void theDirectActionsShouldKeepTheirStoredNamesAndShareNoneWithOtherActions() {
    List<String> direct = Stream.of(DirectPolicy.Use.values()).map(LoggedAction::logName).toList();
    assertEquals(List.of("direct.start", "direct.read", "direct.send", "direct.devices"), direct);
    List<String> all = Stream.of(AccessPolicy.Action.values(), AccessPolicy.RoleAction.values(), MeetingSight.Use.values(),
        DirectPolicy.Use.values()).flatMap(Stream::of).map(LoggedAction::logName).toList();
    assertEquals(all.size(), all.stream().distinct().count());
  }
}
