package se.samverkan.team;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import se.samverkan.identity.People;
import se.samverkan.membership.TeamMemberRecord;
import se.samverkan.team.TeamView.Contact;
import se.samverkan.team.TeamView.MemberView;

/** The team schemas of the contract (Team, TeamMember), keys written once. */
final class TeamJson {

  private TeamJson() {
  }

  static JsonObject team(TeamView team) {
    Contact contact = team.childContact();
    return new JsonObject()
        .put("childId", team.childId().toString())
        .put("childContact", People.person(contact.username(), contact.name(), contact.organisation(), team.orgs()))
        .put("supportCoordinator", team.coordinator().map(TeamJson::person).orElse(null))
        .put("historyFrom", team.historyFrom() == null ? null : team.historyFrom().toString())
        .put("members", new JsonArray(team.members().stream().map(TeamJson::member).toList()));
  }

  static JsonObject member(MemberView view) {
    TeamMemberRecord m = view.member();
    return person(view)
        .put("role", view.role().name())
        .put("access", view.access().name())
        .put("consentId", m.consentId() == null ? null : m.consentId().toString())
        .put("addedAt", m.addedAt().toString())
        .put("addedBy", m.addedBy());
  }

  private static JsonObject person(MemberView view) {
    TeamMemberRecord m = view.member();
    return People.person(m.username(), m.displayName(), m.organisation(), view.orgs());
  }
}
