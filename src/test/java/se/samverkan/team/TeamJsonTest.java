package se.samverkan.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.samverkan.membership.MemberRole;
import se.samverkan.membership.TeamMemberRecord;
import se.samverkan.team.TeamView.Access;
import se.samverkan.team.TeamView.MemberView;

/** The team's JSON, without the stack: pure mapping of records. */
class TeamJsonTest {

  private static final UUID CHILD = UUID.randomUUID();
  private static final Instant ADDED = Instant.parse("2027-01-01T10:00:00Z");

  private static TeamMemberRecord member(String username, MemberRole role) {
    return new TeamMemberRecord(UUID.randomUUID(), CHILD, UUID.randomUUID(), username, null, null, role,
        role == MemberRole.MEMBER ? UUID.randomUUID() : null, ADDED, "anna");
  }

  @Test
  void aCoordinatingChildContactShouldStayChildContactAndStillBeNamedCoordinator() {
    MemberView contact = new MemberView(member("anna", MemberRole.CHILD_CONTACT), true, Access.ACTIVE, Map.of());
    MemberView bertil = new MemberView(member("bertil", MemberRole.MEMBER), false, Access.NO_CONSENT, Map.of());

    JsonObject team = TeamJson.team(new TeamView(CHILD, new TeamView.Contact("anna", "Anna", null), null,
        List.of(contact, bertil), Map.of()));

    assertEquals("CHILD_CONTACT", team.getJsonArray("members").getJsonObject(0).getString("role"));
    assertEquals("anna", team.getJsonObject("supportCoordinator").getString("username"));
    assertEquals("MEMBER", team.getJsonArray("members").getJsonObject(1).getString("role"));
    assertEquals("NO_CONSENT", team.getJsonArray("members").getJsonObject(1).getString("access"));
    assertTrue(team.containsKey("historyFrom") && team.getValue("historyFrom") == null);
    assertEquals(new JsonObject().put("username", "anna").put("name", "Anna").putNull("organisation"), team.getJsonObject("childContact"));
  }

  @Test
  void aCoordinatingMemberShouldBeShownAsSupportCoordinatorAndAChildContactWithoutConsentId() {
    JsonObject coordinator = TeamJson.member(new MemberView(member("bertil", MemberRole.MEMBER), true, Access.ACTIVE, Map.of()));
    JsonObject contact = TeamJson.member(new MemberView(member("anna", MemberRole.CHILD_CONTACT), false, Access.ACTIVE, Map.of()));
    JsonObject team = TeamJson.team(new TeamView(CHILD, new TeamView.Contact("anna", null, null), ADDED, List.of(), Map.of()));

    assertEquals("SUPPORT_COORDINATOR", coordinator.getString("role"));
    assertEquals("bertil", coordinator.getString("name"));
    assertEquals(ADDED.toString(), coordinator.getString("addedAt"));
    assertTrue(contact.containsKey("consentId") && contact.getValue("consentId") == null);
    assertTrue(team.containsKey("supportCoordinator"));
    assertNull(team.getValue("supportCoordinator"));
    assertEquals(ADDED.toString(), team.getString("historyFrom"));
  }
}
