package se.samverkan.meeting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import se.samverkan.identity.People;
import se.samverkan.meeting.MeetingView.Delivery;
import se.samverkan.meeting.MeetingView.Details;
import se.samverkan.meeting.MeetingView.Invitation;
import se.samverkan.meeting.MeetingView.LinkAnswer;
import se.samverkan.meeting.MeetingView.Overlap;

/**
 * The meeting schemas of the contract (Meeting, MeetingList, Invitations, the RSVP answer), keys
 * written once: the full and the restricted view side by side, so what a restricted caller is shown
 * is visibly the shape of the full one with everything but time and place blanked.
 */
final class MeetingJson {

  private MeetingJson() {
  }

  static JsonObject meeting(MeetingView view) {
    JsonObject json = view.details() == null ? restricted(view) : full(view, view.details());
    if (view.warnings() != null) {
      json.put("warnings", warnings(view.warnings()));
    }
    return json;
  }

  static JsonObject list(List<MeetingView> views) {
    return new JsonObject().put("meetings", new JsonArray(views.stream().map(MeetingJson::meeting).toList()));
  }

  static JsonObject invitations(List<Invitation> invitations) {
    return new JsonObject().put("invitations", participants(invitations));
  }

  private static JsonObject common(MeetingView view) {
    Seen seen = view.seen();
    MeetingRecord m = seen.meeting();
    return new JsonObject()
        .put("id", m.id().toString())
        .put("kind", m.kind().name())
        .put("kindLabel", m.kind().label())
        .put("start", m.start().toString())
        .put("end", m.end().toString())
        .put("location", view.location())
        .put("organiser", People.person(m.organiserUsername(), m.organiserName(), m.organiserOrganisation(), view.orgs()))
        .put("status", m.status().name())
        .put("sequence", m.sequence())
        .put("isOrganiser", seen.organiser())
        .put("mayManage", seen.mayManage());
  }

  /** A Barnteam meeting seen through some of its children: when and where, nothing about the others. */
  private static JsonObject restricted(MeetingView view) {
    Seen seen = view.seen();
    return common(view)
        .put("restricted", true)
        .put("childId", seen.shownChild().toString())
        .put("children", uuids(seen.visibleChildren()))
        .put("title", seen.meeting().kind().label())
        .put("videoLink", (Object) null)
        .put("agenda", new JsonArray())
        .put("notes", (Object) null)
        .put("participants", new JsonArray())
        .put("myAnswer", (Object) null);
  }

  private static JsonObject full(MeetingView view, Details d) {
    Seen seen = view.seen();
    return common(view)
        .put("restricted", false)
        .put("childId", seen.meeting().childId().toString())
        .put("children", uuids(seen.children()))
        .put("title", d.title())
        .put("videoLink", d.videoLink())
        .put("agenda", new JsonArray(d.agenda()))
        .put("notes", d.notes())
        .put("participants", participants(d.participants()))
        .put("myAnswer", d.myAnswer() == null ? null : d.myAnswer().name());
  }

  private static JsonArray participants(List<Invitation> invitations) {
    JsonArray out = new JsonArray();
    invitations.forEach(i -> out.add(participant(i)));
    return out;
  }

  private static JsonObject participant(Invitation i) {
    ParticipantRecord p = i.participant();
    JsonObject json = new JsonObject()
        .put("id", p.id().toString())
        .put("role", p.role().name())
        .put("answer", p.answer().name())
        .mergeIn(delivery(i.delivery()))
        .put("email", i.email())
        .put("name", i.name());
    if (p.hasAccount()) {
      json.put("username", p.username());
    }
    return json;
  }

  private static JsonObject delivery(Delivery d) {
    JsonObject json = new JsonObject().put("delivery", d.status().name()).put("attempts", d.attempts());
    if (d.status() != DeliveryStatus.SENT) {
      json.put("lastError", d.lastError());
    }
    if (d.status() == DeliveryStatus.PENDING && d.attempts() > 0) {
      json.put("nextAttemptAt", d.nextAttemptAt().toString());
    }
    return json;
  }

  private static JsonArray warnings(List<Overlap> overlaps) {
    JsonArray out = new JsonArray();
    overlaps.forEach(o -> out.add(new JsonObject().put("type", "overlap").put("username", o.username())
        .put("message", o.name() + " har redan ett accepterat möte som överlappar denna tid.")));
    return out;
  }

  private static JsonArray uuids(List<UUID> ids) {
    return new JsonArray(ids.stream().map(UUID::toString).toList());
  }

  static JsonObject linkAnswer(LinkAnswer a) {
    MeetingRecord meeting = a.meeting();
    ParticipantRecord p = a.participant();
    return new JsonObject()
        .put("kind", meeting.kind().label())
        .put("when", Invitations.when(meeting.start(), meeting.end()))
        .put("start", meeting.start().toString())
        .put("end", meeting.end().toString())
        .put("location", a.location())
        .put("videoLink", a.videoLink())
        .put("organiser", a.organiser())
        .put("cancelled", meeting.cancelled())
        .put("answer", p.answer().name())
        .put("changed", a.changed())
        .put("name", a.name());
  }
}
