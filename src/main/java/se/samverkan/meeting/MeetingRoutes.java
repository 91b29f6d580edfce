package se.samverkan.meeting;

import static se.samverkan.identity.BearerAuthHandler.principal;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
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
            .compose(meetings::ofChild).map(MeetingJson::list))
        .created("scheduleMeeting", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.MEETING_SCHEDULE)
            .compose(access -> request(ctx).compose(request -> meetings.create(access, request))).map(MeetingJson::meeting))
        .json("listMyMeetings", ctx -> meetings.mine(principal(ctx)).map(MeetingJson::list))
        .json("getMeeting", ctx -> meetings.view(Requests.uuid(ctx, "meetingId"), principal(ctx)).map(MeetingJson::meeting))
        .json("updateMeeting", ctx -> request(ctx)
            .compose(change -> meetings.update(principal(ctx), Requests.uuid(ctx, "meetingId"), change)).map(MeetingJson::meeting))
        .noContent("cancelMeeting", ctx -> meetings.cancel(principal(ctx), Requests.uuid(ctx, "meetingId")))
        .json("answerMeeting", ctx -> answer(ctx)
            .compose(answer -> meetings.rsvp(principal(ctx), Requests.uuid(ctx, "meetingId"), answer)).map(MeetingJson::meeting))
        .json("listInvitations", ctx -> meetings.invitations(principal(ctx), Requests.uuid(ctx, "meetingId"))
            .map(MeetingJson::invitations))
        .json("setMeetingNotes", ctx -> meetings.setNotes(principal(ctx), Requests.uuid(ctx, "meetingId"),
            Requests.body(ctx).getString("notes")).map(MeetingJson::meeting));
  }

  /** The validated body as a request; a time the contract lets through but Java cannot read fails the future (400). */
  private static Future<MeetingRequest> request(RoutingContext ctx) {
    return Future.succeededFuture(Requests.body(ctx)).map(MeetingRequest::from);
  }

  /** The answer of the validated body; one the contract lets through but a person may not give fails the future (400). */
  static Future<Answer> answer(RoutingContext ctx) {
    return Future.succeededFuture(Requests.body(ctx)).map(body -> Answer.given(body.getString("answer")));
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
