package se.samverkan.meeting;

import static se.samverkan.identity.BearerAuthHandler.principal;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import se.samverkan.http.OpenApiBinder;
import se.samverkan.http.Requests;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.AccessPolicy.Action;

/** HTTP for meetings: scheduling, changes, answers in the app, notes and agenda templates. */
public final class MeetingRoutes {

  private final AccessPolicy policy;
  private final MeetingService meetings;

  public MeetingRoutes(AccessPolicy policy, MeetingService meetings) {
    this.policy = policy;
    this.meetings = meetings;
  }

  public void bind(OpenApiBinder api) {
    api.json("listAgendaTemplates", ctx -> Future.succeededFuture(templates()))
        .json("listChildMeetings", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.MEETINGS_READ)
            .compose(meetings::ofChild))
        .created("scheduleMeeting", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.MEETING_SCHEDULE)
            .compose(access -> meetings.create(access, Requests.body(ctx))))
        .json("listMyMeetings", ctx -> meetings.mine(principal(ctx)))
        .json("getMeeting", ctx -> meetings.view(Requests.uuid(ctx, "meetingId"), principal(ctx)))
        .json("updateMeeting", ctx -> meetings.update(principal(ctx), Requests.uuid(ctx, "meetingId"), Requests.body(ctx)))
        .noContent("cancelMeeting", ctx -> meetings.cancel(principal(ctx), Requests.uuid(ctx, "meetingId")))
        .json("answerMeeting", ctx -> meetings.rsvp(principal(ctx), Requests.uuid(ctx, "meetingId"),
            Requests.body(ctx).getString("answer")))
        .json("listInvitations", ctx -> meetings.invitations(principal(ctx), Requests.uuid(ctx, "meetingId")))
        .json("setMeetingNotes", ctx -> meetings.setNotes(principal(ctx), Requests.uuid(ctx, "meetingId"),
            Requests.body(ctx).getString("notes")));
  }

  private static JsonObject templates() {
    JsonArray out = new JsonArray();
    for (MeetingKind kind : MeetingKind.values()) {
      out.add(new JsonObject().put("kind", kind.name()).put("label", kind.label()).put("source", kind.source())
          .put("agenda", new JsonArray(kind.agenda())));
    }
    return new JsonObject().put("templates", out);
  }
}
