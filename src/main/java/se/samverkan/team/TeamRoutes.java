package se.samverkan.team;

import static se.samverkan.identity.BearerAuthHandler.principal;

import se.samverkan.http.OpenApiBinder;
import se.samverkan.http.Requests;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.AccessPolicy.Action;

/** HTTP for the child's team. */
public final class TeamRoutes {

  private final AccessPolicy policy;
  private final TeamService teams;

  public TeamRoutes(AccessPolicy policy, TeamService teams) {
    this.policy = policy;
    this.teams = teams;
  }

  public void bind(OpenApiBinder api) {
    api.json("getTeam", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.TEAM_READ)
            .compose(teams::team).map(TeamJson::team))
        .created("addTeamMember", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.TEAM_ADD)
            .compose(access -> teams.add(access, MemberAddition.from(Requests.body(ctx)))).map(TeamJson::member))
        .noContent("removeTeamMember", ctx -> {
          String username = ctx.pathParam("username");
          // Leaving needs only membership; removing someone else needs the right to manage the team.
          Action action = username.equals(principal(ctx).username()) ? Action.TEAM_LEAVE : Action.TEAM_REMOVE;
          return policy.professional(principal(ctx), Requests.uuid(ctx, "id"), action)
              .compose(access -> teams.remove(access, username));
        })
        .json("appointCoordinator", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.COORDINATOR_APPOINT)
            .compose(access -> teams.appointCoordinator(access, CoordinatorAppointment.from(Requests.body(ctx))))
            .map(TeamJson::team));
  }
}
