package se.samverkan.meeting;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.KeyVault;
import se.samverkan.crypto.SealLabel;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.Organisation;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;

/** Answers through a personal link (no login): the link names one participant of one meeting. */
final class LinkAnswers {

  private final Pool pool;
  private final KeyVault keys;
  private final KeycloakDirectory directory;
  private final MeetingRepository meetings;
  private final MeetingReconciler reconciler;

  LinkAnswers(Pool pool, KeyVault keys, KeycloakDirectory directory, MeetingRepository meetings, MeetingReconciler reconciler) {
    this.pool = pool;
    this.keys = keys;
    this.directory = directory;
    this.meetings = meetings;
    this.reconciler = reconciler;
  }

  /** An answer through a personal link (null: the page only shown): returns what the RSVP page shows. */
  Future<MeetingView.LinkAnswer> answer(RsvpTokens.Claims claims, Answer answer) {
    if (answer == Answer.NEEDS_ACTION) {
      return Future.failedFuture(Answer.notGiven());
    }
    return meetings.participant(pool, claims.participantId()).compose(found -> {
      // Bound to one participant of one meeting: a link cannot be pointed at another meeting.
      if (found.isEmpty() || !found.get().meetingId().equals(claims.meetingId()) || !found.get().active()) {
        return Future.failedFuture(ProblemException.notFound());
      }
      return meetings.find(pool, claims.meetingId()).compose(m -> {
        MeetingRecord meeting = m.orElseThrow(ProblemException::notFound);
        // The link is only as good as the basis behind it: withdrawn, removed or handed over, it stops working now.
        return reconciler.basis().holds(pool, meeting, found.get()).compose(holds -> holds
            ? linkAnswer(meeting, found.get(), answer)
            : reconciler.reconcileChild(meeting.childId()).compose(n -> Future.failedFuture(ProblemException.notFound())));
      });
    });
  }

  private Future<MeetingView.LinkAnswer> linkAnswer(MeetingRecord meeting, ParticipantRecord before, Answer answer) {
    if (answer != null && meeting.cancelled()) {
      return Future.failedFuture(new ProblemException(ProblemType.CONFLICT, "Mötet är inställt."));
    }
    Future<ParticipantRecord> after = answer == null ? Future.succeededFuture(before) : meetings.answer(before.id(), answer);
    return Future.all(after, keys.keyFor(meeting.childId()), directory.organisationNames())
        .compose(all -> ParticipantNames.of(before, all.resultAt(1), directory).map(name -> {
          ParticipantRecord p = all.resultAt(0);
          DataKey key = all.resultAt(1);
          Map<String, Organisation> orgs = all.resultAt(2);
          Organisation org = meeting.organiserOrganisation() == null ? null : orgs.get(meeting.organiserOrganisation());
          return new MeetingView.LinkAnswer(meeting, key.open(SealLabel.MEETING_LOCATION, meeting.id(), meeting.locationSealed()),
              key.open(SealLabel.MEETING_VIDEO_LINK, meeting.id(), meeting.videoLinkSealed()),
              meeting.organiserName()
                  + (org != null ? ", " + org.name() : meeting.organiserOrganisation() != null ? ", " + meeting.organiserOrganisation() : ""),
              p, answer != null && p.answerVersion() != before.answerVersion(),
              // The page greets the child without a name, as the mails do.
              p.role() == ParticipantRole.CHILD ? null : name);
        }));
  }
}
