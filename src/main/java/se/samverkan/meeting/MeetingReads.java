package se.samverkan.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.KeyVault;
import se.samverkan.crypto.SealLabel;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.AccessPolicy.ChildAccess;
import se.samverkan.policy.MeetingSight;
import se.samverkan.shared.ProblemException;

/** Meetings as the caller may see them ({@link MeetingSight}), opened into {@link MeetingView}s. */
final class MeetingReads {

  private final Pool pool;
  private final KeyVault keys;
  private final AccessPolicy policy;
  private final KeycloakDirectory directory;
  private final MeetingRepository meetings;

  MeetingReads(Pool pool, KeyVault keys, AccessPolicy policy, KeycloakDirectory directory, MeetingRepository meetings) {
    this.pool = pool;
    this.keys = keys;
    this.policy = policy;
    this.directory = directory;
    this.meetings = meetings;
  }

  /**
   * What the caller sees of a meeting ({@link MeetingSight}), decided now and logged; 404 (or the
   * role's 403) if nothing — whoever organised it or was invited to it once.
   */
  Future<Seen> seen(MeetingSight sight, UUID meetingId) {
    return meetings.find(pool, meetingId).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(ProblemException.notFound());
      }
      MeetingRecord m = found.get();
      return Future.all(meetings.childrenOf(pool, meetingId), meetings.participants(pool, meetingId))
          .compose(loaded -> Seen.see(sight, m, loaded.resultAt(0), loaded.resultAt(1)))
          .compose(seen -> seen.isPresent() ? Future.succeededFuture(seen.get()) : Future.failedFuture(sight.refusal()));
    });
  }

  Future<Seen> fullySeen(MeetingSight sight, UUID meetingId) {
    return seen(sight, meetingId).compose(seen -> seen.full() ? Future.succeededFuture(seen)
        : Future.failedFuture(ProblemException.forbidden("Mötet tar också upp barn som du inte arbetar med; du ser bara tid och plats.")));
  }

  /** The ChildContact or SupportCoordinator, now, of every child the meeting takes up may change or cancel it. */
  Future<Seen> manageable(MeetingSight sight, UUID meetingId) {
    return fullySeen(sight, meetingId).compose(seen -> seen.manages() ? Future.succeededFuture(seen)
        : sight.refuse(seen.meeting().childId(), "Bara barnkontakten eller stödsamordnaren för mötets barn får ändra mötet."));
  }

  Future<MeetingView> view(UUID meetingId, Principal who) {
    return seen(MeetingSight.of(policy, who, MeetingSight.Use.READ), meetingId).compose(seen -> open(seen, who));
  }

  /** Opens what the sight allows: the place only for a restricted one, everything for a full one. */
  private Future<MeetingView> open(Seen seen, Principal who) {
    MeetingRecord m = seen.meeting();
    return Future.all(keys.keyFor(m.childId()), meetings.deliveries(m.id()), directory.organisationNames())
        .compose(all -> {
          DataKey key = all.resultAt(0);
          Map<String, Organisation> orgs = all.resultAt(2);
          String location = key.open(SealLabel.MEETING_LOCATION, m.id(), m.locationSealed());
          if (!seen.full()) {
            return Future.succeededFuture(new MeetingView(seen, location, orgs, null, null));
          }
          List<ParticipantRecord> active = seen.participants().stream().filter(ParticipantRecord::active).toList();
          return invitations(active, key, all.resultAt(1))
              .map(invited -> new MeetingView(seen, location, orgs, details(seen, key, invited, who), null));
        });
  }

  private static MeetingView.Details details(Seen seen, DataKey key, List<MeetingView.Invitation> invited, Principal who) {
    MeetingRecord m = seen.meeting();
    Answer myAnswer = null;
    for (MeetingView.Invitation i : invited) {
      ParticipantRecord p = i.participant();
      if (p.subject() != null && p.subject().toString().equals(who.subject())) {
        myAnswer = p.answer();
      }
    }
    return new MeetingView.Details(key.open(SealLabel.MEETING_TITLE, m.id(), m.titleSealed()),
        key.open(SealLabel.MEETING_VIDEO_LINK, m.id(), m.videoLinkSealed()),
        new JsonArray(key.open(SealLabel.MEETING_AGENDA, m.id(), m.agendaSealed())).stream().map(String::valueOf).toList(),
        // The protocol is the professionals' working record; invited guardians see the meeting, not the notes.
        who.has(Role.PROFESSIONAL) ? key.open(SealLabel.MEETING_NOTES, m.id(), m.notesSealed()) : null,
        invited, myAnswer);
  }

  private Future<List<MeetingView.Invitation>> invitations(List<ParticipantRecord> active, DataKey key, List<Row> deliveries) {
    Map<UUID, MeetingView.Delivery> delivery = deliveryByParticipant(deliveries);
    return ParticipantNames.of(active, key, directory).map(names -> active.stream()
        .map(p -> new MeetingView.Invitation(p, key.open(SealLabel.PARTICIPANT_EMAIL, p.id(), p.emailSealed()), names.get(p.id()),
            delivery.getOrDefault(p.id(), MeetingView.Delivery.NONE_YET)))
        .toList());
  }

  /** Per participant, the delivery of the newest mail. */
  private static Map<UUID, MeetingView.Delivery> deliveryByParticipant(List<Row> deliveries) {
    Map<UUID, MeetingView.Delivery> out = new HashMap<>();
    for (Row r : deliveries) {
      OffsetDateTime next = r.getOffsetDateTime("next_attempt_at");
      out.put(r.getUUID("participant_id"), new MeetingView.Delivery(DeliveryStatus.valueOf(r.getString("status")),
          r.getInteger("attempts"), r.getString("last_error"), next == null ? null : next.toInstant()));
    }
    return out;
  }

  Future<List<MeetingView.Invitation>> invitations(Principal who, UUID meetingId) {
    return fullySeen(MeetingSight.of(policy, who, MeetingSight.Use.INVITATIONS), meetingId)
        .compose(seen -> Future.all(keys.keyFor(seen.meeting().childId()), meetings.deliveries(meetingId))
            .compose(all -> invitations(seen.participants().stream().filter(ParticipantRecord::active).toList(),
                all.resultAt(0), all.resultAt(1))));
  }

  /** The meetings that take up a child, as the caller may see each (a ChildContact's history rule included). */
  Future<List<MeetingView>> ofChild(ChildAccess access) {
    MeetingSight sight = MeetingSight.of(policy, access.principal(), MeetingSight.Use.LIST);
    return meetings.ofChild(access.childId()).compose(list -> {
      List<Future<Optional<Seen>>> all = new ArrayList<>();
      for (MeetingRecord m : list) {
        all.add(Future.all(meetings.childrenOf(pool, m.id()), meetings.participants(pool, m.id()))
            .compose(loaded -> Seen.see(sight, m, loaded.resultAt(0), loaded.resultAt(1)))
            // Listed for this child only if seen through it.
            .map(seen -> seen.filter(s -> s.visibleChildren().contains(access.childId()))));
      }
      return summaries(all, access.principal());
    });
  }

  Future<List<MeetingView>> mine(Principal who) {
    MeetingSight sight = MeetingSight.of(policy, who, MeetingSight.Use.LIST);
    return meetings.ofPerson(UUID.fromString(who.subject()), Instant.now().minus(Duration.ofDays(30))).compose(list -> {
      List<Future<Optional<Seen>>> all = new ArrayList<>();
      for (MeetingRecord m : list) {
        all.add(Future.all(meetings.childrenOf(pool, m.id()), meetings.participants(pool, m.id()))
            .compose(loaded -> Seen.see(sight, m, loaded.resultAt(0), loaded.resultAt(1))));
      }
      return summaries(all, who);
    });
  }

  private Future<List<MeetingView>> summaries(List<Future<Optional<Seen>>> seen, Principal who) {
    return Future.all(seen).compose(done -> {
      List<Future<MeetingView>> out = new ArrayList<>();
      for (int i = 0; i < seen.size(); i++) {
        done.<Optional<Seen>>resultAt(i).ifPresent(s -> out.add(open(s, who)));
      }
      return Future.all(out).map(all -> all.<MeetingView>list());
    });
  }
}
