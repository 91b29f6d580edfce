package se.samverkan.meeting;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import se.samverkan.child.ChildRecords;
import se.samverkan.child.GuardianRow;
import se.samverkan.consent.ConsentService;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.KeyVault;
import se.samverkan.crypto.SealLabel;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.Principal;
import se.samverkan.meeting.MeetingView.Overlap;
import se.samverkan.policy.AccessPolicy.Action;
import se.samverkan.policy.AccessPolicy.ChildAccess;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.MeetingSight;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;
import se.samverkan.sharinglog.SharingLog;

/**
 * Meetings of the support process. The ChildContact or SupportCoordinator convenes; the {@link
 * ConsentGate} decides who may be invited and on what legal basis; each invitation that tells someone
 * a child is taken up is written to the sharing log; {@link MeetingSight} decides how much of a
 * meeting each caller sees; mails go through the outbox after commit, so a failing SMTP server delays
 * but never loses them.
 */
public final class MeetingService {

  /** Wakes the outbox job after a commit that queued mail. */
  public static final String MAIL_KICK = "samverkan.mail.kick";

  private final Pool pool;
  private final KeyVault keys;
  private final AccessPolicy policy;
  private final KeycloakDirectory directory;
  private final MeetingRepository meetings;
  private final ChildRecords childRecords;
  private final ConsentGate gate;
  private final InvitationLog invitationLog;
  private final MeetingDrafts drafts;
  private final MeetingReads reads;
  private final LinkAnswers links;
  private final EventBus eventBus;
  private final Duration reminderLead;
  /** The host in calendar UIDs: fixed per meeting when it is scheduled. */
  private final String uidHost;

  public MeetingService(Pool pool, KeyVault keys, AccessPolicy policy, KeycloakDirectory directory, MeetingRepository meetings,
      ConsentService consents, SharingLog sharingLog, EventBus eventBus, Duration reminderLead, URI publicUrl) {
    this.pool = pool;
    this.keys = keys;
    this.policy = policy;
    this.directory = directory;
    this.meetings = meetings;
    this.childRecords = new ChildRecords(pool);
    this.gate = new ConsentGate(consents, keys);
    this.invitationLog = new InvitationLog(keys, sharingLog);
    this.drafts = new MeetingDrafts(directory);
    this.reads = new MeetingReads(pool, keys, policy, directory, meetings);
    this.links = new LinkAnswers(pool, keys, directory, meetings, new MeetingReconciler(meetings, keys, eventBus));
    this.eventBus = eventBus;
    this.reminderLead = reminderLead;
    this.uidHost = publicUrl.getHost();
  }

  // ------------------------------------------------------------------ create

  public Future<MeetingView> create(ChildAccess access, MeetingRequest request) {
    Principal who = access.principal();
    MeetingKind kind = request.kind();
    return drafts.parse(request, kind, null).compose(draft -> {
      if (draft.end().isBefore(Instant.now())) {
        return Future.failedFuture(ProblemException.invalid("Mötet har redan varit."));
      }
      List<UUID> children = new ArrayList<>();
      children.add(access.childId());
      draft.extraChildren().stream().filter(c -> !children.contains(c)).forEach(children::add);
      Optional<ProblemException> shape = Draft.checkShape(kind, children, draft.invitees());
      if (shape.isPresent()) {
        return Future.failedFuture(shape.get());
      }
      Map<UUID, List<Invitee>> reveal = new LinkedHashMap<>();
      children.forEach(c -> reveal.put(c, draft.invitees()));
      UUID id = UUID.randomUUID();
      return checkOrganiser(who, children.subList(1, children.size()))
          .compose(v -> checkFamily(children, draft.invitees()))
          .compose(v -> gate.check(kind, reveal, new LinkedHashSet<>(children), who))
          .compose(bases -> Future.all(keys.keyFor(access.childId()), directory.organisationNames())
              .compose(ready -> {
                DataKey key = ready.resultAt(0);
                Map<String, Organisation> orgs = ready.resultAt(1);
                MeetingRecord record = new MeetingRecord(id, access.childId(), kind,
                    key.seal(SealLabel.MEETING_TITLE, id, draft.title()), key.seal(SealLabel.MEETING_LOCATION, id, draft.location()),
                    key.seal(SealLabel.MEETING_VIDEO_LINK, id, draft.videoLink()),
                    key.seal(SealLabel.MEETING_AGENDA, id, new JsonArray(draft.agenda()).encode()), null,
                    draft.start(), draft.end(), UUID.fromString(who.subject()), who.username(), who.name(),
                    who.organisation().orElse(null), who.email(), id + "@" + uidHost, 0, MeetingStatus.SCHEDULED,
                    reminderAt(draft.start(), reminderLead, Instant.now()), null, null);
                return pool.withTransaction(tx -> meetings.insert(tx, record)
                    .compose(x -> meetings.addChildren(tx, id, children))
                    .compose(x -> addParticipants(tx, key, id, draft.invitees(), 0))
                    .compose(x -> invitationLog.write(tx, kind, id, reveal, bases, who, orgs)));
              }))
          .onSuccess(x -> eventBus.send(MAIL_KICK, id.toString()))
          .compose(x -> warnings(draft, null))
          .compose(warnings -> reads.view(id, who).map(view -> view.withWarnings(warnings)));
    });
  }

  /**
   * When the reminder goes: {@code lead} before the start, if that is still ahead. A meeting
   * scheduled inside the window gets none (the invitation itself is recent); a lead of zero means
   * no reminders at all.
   */
  static Instant reminderAt(Instant start, Duration lead, Instant now) {
    if (lead.isZero() || lead.isNegative()) {
      return null;
    }
    Instant at = start.minus(lead);
    return at.isAfter(now) ? at : null;
  }

  /** A Barnteam meeting is convened by each listed child's ChildContact or SupportCoordinator. */
  private Future<Void> checkOrganiser(Principal who, List<UUID> children) {
    List<Future<ChildAccess>> checks = new ArrayList<>();
    for (UUID child : children) {
      checks.add(policy.professional(who, child, Action.CHILD_UPDATE));
    }
    return Future.all(checks).mapEmpty();
  }

  /**
   * The child and the guardians learn about the child without consent, as family, so each of them
   * must be tied to a guardian on record: a guardian's account must be one linked to the child, and
   * an address (a guardian's or the child's) must be one recorded for a guardian of the child — the
   * child is reached through the family's address, since none of the child's own is on record.
   */
  private Future<Void> checkFamily(List<UUID> children, List<Invitee> invitees) {
    List<Invitee> family = invitees.stream().filter(ConsentGate::family).toList();
    if (family.isEmpty()) {
      return Future.succeededFuture();
    }
    return Future.all(childRecords.guardians(children.get(0)), keys.keyFor(children.get(0))).compose(loaded -> {
      List<GuardianRow> registered = loaded.resultAt(0);
      DataKey key = loaded.resultAt(1);
      Set<String> accounts = new LinkedHashSet<>();
      Set<String> addresses = new LinkedHashSet<>();
      for (GuardianRow g : registered) {
        if (g.userSubject() != null) {
          accounts.add(g.userSubject().toString());
        }
        addresses.add(ParticipantBasis.normalised(key.open(SealLabel.GUARDIAN_EMAIL, g.id(), g.emailSealed())));
      }
      for (Invitee i : family) {
        if (i.account() != null && !accounts.contains(i.account().id())) {
          return Future.failedFuture(new ProblemException(ProblemType.WRONG_ROLE,
              i.account().username() + " är inte registrerad som vårdnadshavare för barnet och kan inte bjudas in som vårdnadshavare."));
        }
        if (i.account() == null && !addresses.contains(ParticipantBasis.normalised(i.email()))) {
          return Future.failedFuture(new ProblemException(ProblemType.WRONG_ROLE,
              "Adressen till " + i.name() + " finns inte hos någon av barnets registrerade vårdnadshavare. Vårdnadshavare och barn "
                  + "bjuds in på en adress som finns i barnets uppgifter; lägg till vårdnadshavaren först."));
        }
      }
      return Future.succeededFuture();
    });
  }

  private Future<Void> addParticipants(SqlClient tx, DataKey key, UUID meetingId, List<Invitee> invitees, int sequence) {
    Future<Void> chain = Future.succeededFuture();
    for (Invitee i : invitees) {
      UUID pid = UUID.randomUUID();
      ParticipantRecord p = new ParticipantRecord(pid, meetingId,
          i.account() == null ? null : UUID.fromString(i.account().id()),
          i.account() == null ? null : i.account().username(),
          // Names are sealed for account holders too: a guardian's name is never in clear.
          null,
          key.seal(SealLabel.PARTICIPANT_NAME, pid, i.name()),
          key.seal(SealLabel.PARTICIPANT_EMAIL, pid, i.email()),
          i.role(), Answer.NEEDS_ACTION, 0, null, null,
          i.professional() ? i.account().organisation().map(Organisation::alias).orElse(null) : null, null);
      chain = chain.compose(x -> meetings.insertParticipant(tx, p))
          .compose(x -> meetings.enqueue(tx, meetingId, pid, MailKind.REQUEST, sequence));
    }
    return chain;
  }

  private Future<List<Overlap>> warnings(Draft draft, UUID except) {
    List<String> usernames = draft.invitees().stream().filter(i -> i.account() != null)
        .map(i -> i.account().username()).toList();
    return meetings.busy(usernames, draft.start(), draft.end(), except).map(busy -> draft.invitees().stream()
        .filter(i -> i.account() != null && busy.contains(i.account().username()))
        .map(i -> new Overlap(i.account().username(), i.account().name())).toList());
  }

  // ------------------------------------------------------------------ read

  public Future<MeetingView> view(UUID meetingId, Principal who) {
    return reads.view(meetingId, who);
  }

  public Future<List<MeetingView.Invitation>> invitations(Principal who, UUID meetingId) {
    return reads.invitations(who, meetingId);
  }

  public Future<List<MeetingView>> ofChild(ChildAccess access) {
    return reads.ofChild(access);
  }

  public Future<List<MeetingView>> mine(Principal who) {
    return reads.mine(who);
  }

  /** An answer through a personal link: what the RSVP page shows. */
  public Future<MeetingView.LinkAnswer> rsvpByLink(RsvpTokens.Claims claims, Answer answer) {
    return links.answer(claims, answer);
  }

  // ------------------------------------------------------------------ change

  public Future<MeetingView> update(Principal who, UUID meetingId, MeetingRequest change) {
    return reads.manageable(MeetingSight.of(policy, who, MeetingSight.Use.UPDATE), meetingId).compose(seen -> {
      MeetingRecord m = seen.meeting();
      if (m.cancelled()) {
        return Future.failedFuture(new ProblemException(ProblemType.CONFLICT, "Mötet är inställt."));
      }
      MeetingKind kind = change.kind() != null ? change.kind() : m.kind();
      return Future.all(keys.keyFor(m.childId()), directory.organisationNames()).compose(ready -> {
        DataKey key = ready.resultAt(0);
        List<ParticipantRecord> before = seen.participants().stream().filter(ParticipantRecord::active).toList();
        return drafts.current(m, key, before).compose(current -> drafts.parse(change, kind, current))
            .map(draft -> Revision.of(seen, before, draft, change.children() != null, key,
                reminderAt(draft.start(), reminderLead, Instant.now())))
            .compose(revision -> revise(who, revision, key, ready.resultAt(1)));
      });
    });
  }

  private Future<MeetingView> revise(Principal who, Revision r, DataKey key, Map<String, Organisation> orgs) {
    MeetingKind kind = r.draft().kind();
    Optional<ProblemException> shape = Draft.checkShape(kind, r.childrenAfter(), r.draft().invitees());
    if (shape.isPresent()) {
      return Future.failedFuture(shape.get());
    }
    UUID id = r.before().id();
    return checkOrganiser(who, r.addedChildren())
        .compose(v -> checkFamily(r.childrenAfter(), r.added()))
        .compose(v -> gate.check(kind, r.reveal(), new LinkedHashSet<>(r.addedChildren()), who))
        .compose(bases -> pool.withTransaction(tx -> meetings.lock(tx, id)
            .compose(x -> meetings.update(tx, r.changed(), r.timeMoved(), r.newSequence()))
            .compose(updated -> queueRevision(tx, r, key, updated.sequence()))
            .compose(x -> invitationLog.write(tx, kind, id, r.reveal(), bases, who, orgs))))
        .onSuccess(x -> eventBus.send(MAIL_KICK, id.toString()))
        .compose(x -> warnings(r.draft(), id))
        .compose(warnings -> reads.view(id, who).map(view -> view.withWarnings(warnings)));
  }

  /** Mails for a change: CANCEL to whoever was taken off, the new version to the others if it is one. */
  private Future<Void> queueRevision(SqlClient tx, Revision r, DataKey key, int sequence) {
    UUID id = r.before().id();
    Future<Void> chain = r.timeMoved() ? meetings.resetAnswers(tx, id) : Future.succeededFuture();
    for (ParticipantRecord p : r.removed()) {
      chain = chain.compose(x -> meetings.removeParticipant(tx, p.id()))
          .compose(x -> meetings.enqueue(tx, id, p.id(), MailKind.CANCEL, sequence));
    }
    for (ParticipantRecord p : r.participantsBefore()) {
      if (r.newSequence() && !r.removed().contains(p)) {
        chain = chain.compose(x -> meetings.enqueue(tx, id, p.id(), MailKind.REQUEST, sequence));
      }
    }
    return chain.compose(x -> addParticipants(tx, key, id, r.added(), sequence))
        .compose(x -> meetings.addChildren(tx, id, r.addedChildren()))
        // A child taken off the list: its team no longer sees the meeting.
        .compose(x -> meetings.removeChildren(tx, id, r.removedChildren()));
  }

  public Future<Void> cancel(Principal who, UUID meetingId) {
    return reads.manageable(MeetingSight.of(policy, who, MeetingSight.Use.CANCEL), meetingId).compose(seen -> {
      MeetingRecord m = seen.meeting();
      if (m.cancelled()) {
        return Future.failedFuture(new ProblemException(ProblemType.CONFLICT, "Mötet är redan inställt."));
      }
      return pool.withTransaction(tx -> meetings.lock(tx, m.id())
              .compose(x -> meetings.cancel(tx, m.id()))
              .compose(cancelled -> meetings.participants(tx, m.id()).compose(ps -> {
                Future<Void> chain = Future.succeededFuture();
                for (ParticipantRecord p : ps) {
                  if (p.active()) {
                    chain = chain.compose(x -> meetings.enqueue(tx, m.id(), p.id(), MailKind.CANCEL, cancelled.sequence()));
                  }
                }
                return chain;
              })))
          .onSuccess(x -> eventBus.send(MAIL_KICK, m.id().toString()));
    });
  }

  /** The notes are written by an invited professional or whoever may manage the meeting — with a basis now. */
  public Future<MeetingView> setNotes(Principal who, UUID meetingId, String notes) {
    MeetingSight sight = MeetingSight.of(policy, who, MeetingSight.Use.NOTES);
    return reads.fullySeen(sight, meetingId).compose(seen -> {
      MeetingRecord m = seen.meeting();
      boolean invitedProfessional = seen.invited() && seen.participants().stream()
          .anyMatch(p -> p.active() && p.role() == ParticipantRole.PROFESSIONAL && p.subject().toString().equals(who.subject()));
      Future<Void> allowed = seen.manages() || invitedProfessional ? Future.succeededFuture()
          : sight.refuse(m.childId(), "Bara inbjudna yrkesverksamma och barnens barnkontakt eller stödsamordnare skriver anteckningar.");
      return allowed.compose(x -> keys.keyFor(m.childId()))
          .compose(key -> meetings.setNotes(meetingId, key.seal(SealLabel.MEETING_NOTES, meetingId, notes)))
          .compose(x -> reads.view(meetingId, who));
    });
  }

  // ------------------------------------------------------------------ answers

  /** An answer from a participant with an account, in the app. */
  public Future<MeetingView> rsvp(Principal who, UUID meetingId, Answer answer) {
    if (answer == Answer.NEEDS_ACTION) {
      return Future.failedFuture(Answer.notGiven());
    }
    return reads.seen(MeetingSight.of(policy, who, MeetingSight.Use.ANSWER), meetingId).compose(seen -> {
      Optional<ParticipantRecord> me = seen.participants().stream()
          .filter(p -> p.active() && p.subject() != null && p.subject().toString().equals(who.subject())).findFirst();
      if (me.isEmpty()) {
        return Future.failedFuture(ProblemException.forbidden("Du är inte inbjuden till mötet."));
      }
      if (seen.meeting().cancelled()) {
        return Future.failedFuture(new ProblemException(ProblemType.CONFLICT, "Mötet är inställt."));
      }
      return meetings.answer(me.get().id(), answer).compose(x -> reads.view(meetingId, who));
    });
  }

}
