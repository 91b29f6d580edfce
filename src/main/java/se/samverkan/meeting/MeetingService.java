package se.samverkan.meeting;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import se.samverkan.child.ChildRepository;
import se.samverkan.consent.ConsentService;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.KeyVault;
import se.samverkan.crypto.SealLabel;
import se.samverkan.identity.DirectoryLookup;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.meeting.MeetingView.Overlap;
import se.samverkan.policy.AccessPolicy.Action;
import se.samverkan.policy.AccessPolicy.ChildAccess;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.MeetingSight;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;
import se.samverkan.sharinglog.Disclosure;
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
  private static final Set<String> ANSWERS = Set.of("ACCEPTED", "DECLINED", "TENTATIVE");

  private final Pool pool;
  private final KeyVault keys;
  private final AccessPolicy policy;
  private final KeycloakDirectory directory;
  private final MeetingRepository meetings;
  private final ChildRepository childRecords;
  private final ConsentGate gate;
  private final MeetingReconciler reconciler;
  private final SharingLog sharingLog;
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
    this.childRecords = new ChildRepository(pool);
    this.gate = new ConsentGate(consents, keys);
    this.reconciler = new MeetingReconciler(meetings, keys, eventBus);
    this.sharingLog = sharingLog;
    this.eventBus = eventBus;
    this.reminderLead = reminderLead;
    this.uidHost = publicUrl.getHost();
  }

  /** The fields of a meeting as requested (create, or the effective result of a change). */
  record Draft(MeetingKind kind, String title, Instant start, Instant end, String location, String videoLink,
               List<String> agenda, List<Invitee> invitees, List<UUID> extraChildren) {
  }

  // ------------------------------------------------------------------ create

  public Future<MeetingView> create(ChildAccess access, MeetingRequest request) {
    Principal who = access.principal();
    MeetingKind kind = request.kind();
    return parseDraft(request, kind, null).compose(draft -> {
      if (draft.end().isBefore(Instant.now())) {
        return Future.failedFuture(ProblemException.invalid("Mötet har redan varit."));
      }
      List<UUID> children = new ArrayList<>();
      children.add(access.childId());
      draft.extraChildren().stream().filter(c -> !children.contains(c)).forEach(children::add);
      Optional<ProblemException> shape = checkShape(kind, children, draft.invitees());
      if (shape.isPresent()) {
        return Future.failedFuture(shape.get());
      }
      Map<UUID, List<Invitee>> reveal = new LinkedHashMap<>();
      children.forEach(c -> reveal.put(c, draft.invitees()));
      UUID id = UUID.randomUUID();
      return checkOrganiser(who, children.subList(1, children.size()))
          .compose(v -> checkFamily(children, draft.invitees()))
          .compose(v -> gate.check(kind, reveal, new LinkedHashSet<>(children), who))
          .compose(bases -> Future.all(keys.keyFor(access.childId()), directory.organisations().otherwise(Map.of()))
              .compose(ready -> {
                DataKey key = ready.resultAt(0);
                Map<String, Organisation> orgs = ready.resultAt(1);
                MeetingRecord record = new MeetingRecord(id, access.childId(), kind,
                    key.seal(SealLabel.MEETING_TITLE, id, draft.title()), key.seal(SealLabel.MEETING_LOCATION, id, draft.location()),
                    key.seal(SealLabel.MEETING_VIDEO_LINK, id, draft.videoLink()),
                    key.seal(SealLabel.MEETING_AGENDA, id, new JsonArray(draft.agenda()).encode()), null,
                    draft.start(), draft.end(), UUID.fromString(who.subject()), who.username(), who.name(),
                    who.organisation().orElse(null), who.email(), id + "@" + uidHost, 0, "SCHEDULED",
                    reminderAt(draft.start(), reminderLead, Instant.now()), null, null);
                return pool.withTransaction(tx -> meetings.insert(tx, record)
                    .compose(x -> meetings.addChildren(tx, id, children))
                    .compose(x -> addParticipants(tx, key, id, draft.invitees(), 0))
                    .compose(x -> logInvitations(tx, kind, id, reveal, bases, who, orgs)));
              }))
          .onSuccess(x -> eventBus.send(MAIL_KICK, id.toString()))
          .compose(x -> warnings(draft, null))
          .compose(warnings -> view(id, who).map(view -> view.withWarnings(warnings)));
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

  /**
   * What a meeting may be: only a Barnteam takes up several children, and then without the family —
   * a guardian or child invited to it would learn which other children are taken up.
   */
  private static Optional<ProblemException> checkShape(MeetingKind kind, List<UUID> children, List<Invitee> invitees) {
    if (kind != MeetingKind.STANDING_TEAM && children.size() > 1) {
      return Optional.of(ProblemException.invalid("Bara ett Barnteam (STANDING_TEAM) kan ta upp flera barn."));
    }
    if (children.size() > 1 && invitees.stream().anyMatch(ConsentGate::family)) {
      return Optional.of(ProblemException.invalid("Vårdnadshavare och barn kan inte bjudas in till ett Barnteam som tar upp "
          + "flera barn: de skulle få veta vilka andra barn som tas upp. Bjud in dem till barnets eget möte."));
    }
    return Optional.empty();
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
      List<ChildRepository.GuardianRow> registered = loaded.resultAt(0);
      DataKey key = loaded.resultAt(1);
      Set<String> accounts = new LinkedHashSet<>();
      Set<String> addresses = new LinkedHashSet<>();
      for (ChildRepository.GuardianRow g : registered) {
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
          i.role(), "NEEDS_ACTION", 0, null, null,
          i.professional() ? i.account().organisation().map(Organisation::alias).orElse(null) : null, null);
      chain = chain.compose(x -> meetings.insertParticipant(tx, p))
          .compose(x -> meetings.enqueue(tx, meetingId, pid, MailKind.REQUEST, sequence));
    }
    return chain;
  }

  /**
   * Each invitation that tells someone a child is taken up is a disclosure: per child, one entry per
   * legal basis, naming the people told on it — the consent that covers them, or FAMILY for the child
   * and the guardians. Nobody is logged on a consent that does not exist.
   */
  private Future<Void> logInvitations(SqlClient tx, MeetingKind kind, UUID meetingId, Map<UUID, List<Invitee>> reveal,
      Map<UUID, Map<String, Disclosure.LegalBasis>> bases, Principal who, Map<String, Organisation> orgs) {
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<UUID, List<Invitee>> told : reveal.entrySet()) {
      UUID child = told.getKey();
      Map<Disclosure.LegalBasis, List<Invitee>> byBasis = new LinkedHashMap<>();
      for (Invitee i : told.getValue()) {
        if (ConsentGate.isOrganiser(i, who)) {
          continue;
        }
        Disclosure.LegalBasis basis = Objects.requireNonNull(bases.getOrDefault(child, Map.of()).get(i.key()),
            "the gate gave no legal basis for an invitee");
        byBasis.computeIfAbsent(basis, b -> new ArrayList<>()).add(i);
      }
      for (Map.Entry<Disclosure.LegalBasis, List<Invitee>> group : byBasis.entrySet()) {
        List<Disclosure.Person> persons = new ArrayList<>();
        Map<String, Disclosure.Organisation> organisations = new LinkedHashMap<>();
        for (Invitee i : group.getValue()) {
          Disclosure.Organisation org = i.account() == null ? null : i.account().organisation()
              .map(o -> new Disclosure.Organisation(o.alias(), o.name())).orElse(null);
          persons.add(new Disclosure.Person(i.account() == null ? null : i.account().username(), i.name(), org));
          if (org != null && i.professional()) {
            organisations.putIfAbsent(org.alias(), org);
          }
        }
        Disclosure.LegalBasis basis = group.getKey();
        chain = chain.compose(x -> keys.keyFor(child)).compose(key -> sharingLog.append(tx, key, Disclosure.meetingInvitation(child,
            meetingId, "Inbjudan till " + kind.label().toLowerCase(Locale.ROOT) + " där barnet tas upp.",
            new Disclosure.Recipients(persons, new ArrayList<>(organisations.values())),
            kind == MeetingKind.STANDING_TEAM ? "Barnteam: gemensam bedömning av barnets behov" : "Möte i barnets team",
            basis, Disclosure.sharedBy(who, orgs)))).mapEmpty();
      }
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

  // ------------------------------------------------------------------ parse

  private Future<Draft> parseDraft(MeetingRequest request, MeetingKind kind, Draft current) {
    Instant start = request.start() != null ? request.start() : current.start();
    Instant end = request.end() != null ? request.end() : current.end();
    if (!end.isAfter(start)) {
      return Future.failedFuture(ProblemException.invalid("Mötet måste sluta efter att det börjat."));
    }
    if (Duration.between(start, end).compareTo(Duration.ofHours(12)) > 0) {
      return Future.failedFuture(ProblemException.invalid("Ett möte kan vara högst 12 timmar."));
    }
    String videoLink = request.videoLink() != null ? request.videoLink() : current == null ? null : current.videoLink();
    if (videoLink != null && !videoLink.isBlank()) {
      try {
        URI u = URI.create(videoLink);
        if (!"https".equals(u.getScheme())) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(ProblemException.invalid("videoLink måste vara en https-adress."));
      }
    }
    List<String> agenda;
    if (request.agenda() != null) {
      agenda = request.agenda();
    } else if (current != null && !current.agenda().isEmpty()) {
      // A changed kind keeps the agenda as edited; an empty one takes the new kind's template.
      agenda = current.agenda();
    } else {
      agenda = kind.agenda();
    }
    List<UUID> extra = request.children() == null ? List.of() : request.children();
    Future<List<Invitee>> invitees = request.participants() != null
        ? resolve(request.participants()) : Future.succeededFuture(current.invitees());
    return invitees.map(list -> new Draft(kind,
        request.title() != null ? request.title() : current.title(),
        start, end,
        request.location() != null ? request.location() : current == null ? null : current.location(),
        videoLink, agenda, list, extra));
  }

  private Future<List<Invitee>> resolve(List<MeetingRequest.ParticipantRequest> participants) {
    List<Future<Invitee>> out = new ArrayList<>();
    for (MeetingRequest.ParticipantRequest p : participants) {
      String username = p.username();
      if (username != null) {
        out.add(DirectoryLookup.requireUser(directory, username).compose(u -> {
          if (!u.enabled()) {
            // A disabled account cannot be reached: to the organiser it is no one.
            return Future.failedFuture(DirectoryLookup.unknownUser(username));
          }
          if (u.email() == null) {
            return Future.failedFuture(new ProblemException(ProblemType.UNKNOWN_USER, u.username() + " saknar e-postadress."));
          }
          ParticipantRole role = u.has(Role.PROFESSIONAL) ? ParticipantRole.PROFESSIONAL
              : u.has(Role.GUARDIAN) ? ParticipantRole.GUARDIAN : null;
          if (role == null) {
            return Future.failedFuture(new ProblemException(ProblemType.WRONG_ROLE,
                u.username() + " kan inte bjudas in till möten om barn."));
          }
          return Future.succeededFuture(new Invitee(u, u.name(), u.email(), role));
        }));
      } else {
        out.add(Future.succeededFuture(new Invitee(null, p.name(), p.email(), p.role())));
      }
    }
    return Future.all(out).compose(all -> {
      List<Invitee> list = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      for (Object o : all.list()) {
        Invitee i = (Invitee) o;
        if (!seen.add(i.key())) {
          return Future.failedFuture(ProblemException.invalid("Samma deltagare finns två gånger i listan."));
        }
        list.add(i);
      }
      return Future.succeededFuture(list);
    });
  }

  // ------------------------------------------------------------------ read

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

  private Future<Seen> fullySeen(MeetingSight sight, UUID meetingId) {
    return seen(sight, meetingId).compose(seen -> seen.full() ? Future.succeededFuture(seen)
        : Future.failedFuture(ProblemException.forbidden("Mötet tar också upp barn som du inte arbetar med; du ser bara tid och plats.")));
  }

  /** The ChildContact or SupportCoordinator, now, of every child the meeting takes up may change or cancel it. */
  private Future<Seen> manageable(MeetingSight sight, UUID meetingId) {
    return fullySeen(sight, meetingId).compose(seen -> seen.manages() ? Future.succeededFuture(seen)
        : sight.refuse(seen.meeting().childId(), "Bara barnkontakten eller stödsamordnaren för mötets barn får ändra mötet."));
  }

  public Future<MeetingView> view(UUID meetingId, Principal who) {
    return seen(MeetingSight.of(policy, who, MeetingSight.Use.READ), meetingId).compose(seen -> open(seen, who));
  }

  /** Opens what the sight allows: the place only for a restricted one, everything for a full one. */
  private Future<MeetingView> open(Seen seen, Principal who) {
    MeetingRecord m = seen.meeting();
    return Future.all(keys.keyFor(m.childId()), meetings.deliveries(m.id()), directory.organisations().otherwise(Map.of()))
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
    String myAnswer = null;
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

  public Future<List<MeetingView.Invitation>> invitations(Principal who, UUID meetingId) {
    return fullySeen(MeetingSight.of(policy, who, MeetingSight.Use.INVITATIONS), meetingId)
        .compose(seen -> Future.all(keys.keyFor(seen.meeting().childId()), meetings.deliveries(meetingId))
            .compose(all -> invitations(seen.participants().stream().filter(ParticipantRecord::active).toList(),
                all.resultAt(0), all.resultAt(1))));
  }

  /** The meetings that take up a child, as the caller may see each (a ChildContact's history rule included). */
  public Future<List<MeetingView>> ofChild(ChildAccess access) {
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

  public Future<List<MeetingView>> mine(Principal who) {
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

  // ------------------------------------------------------------------ change

  public Future<MeetingView> update(Principal who, UUID meetingId, MeetingRequest change) {
    return manageable(MeetingSight.of(policy, who, MeetingSight.Use.UPDATE), meetingId).compose(seen -> {
      MeetingRecord m = seen.meeting();
      if (m.cancelled()) {
        return Future.failedFuture(new ProblemException(ProblemType.CONFLICT, "Mötet är inställt."));
      }
      MeetingKind kind = change.kind() != null ? change.kind() : m.kind();
      boolean kindChanged = kind != m.kind();
      return Future.all(keys.keyFor(m.childId()), directory.organisations().otherwise(Map.of())).compose(ready -> {
        DataKey key = ready.resultAt(0);
        Map<String, Organisation> orgs = ready.resultAt(1);
        List<ParticipantRecord> before = seen.participants().stream().filter(ParticipantRecord::active).toList();
        List<UUID> childrenBefore = seen.children();
        return currentDraft(m, key, before).compose(current -> parseDraft(change, kind, current)).compose(draft -> {
          List<UUID> childrenAfter = new ArrayList<>();
          childrenAfter.add(m.childId());
          (change.children() != null ? draft.extraChildren() : childrenBefore).stream()
              .filter(c -> !childrenAfter.contains(c)).forEach(childrenAfter::add);
          Optional<ProblemException> shape = checkShape(kind, childrenAfter, draft.invitees());
          if (shape.isPresent()) {
            return Future.failedFuture(shape.get());
          }
          List<UUID> addedChildren = childrenAfter.stream().filter(c -> !childrenBefore.contains(c)).toList();
          List<UUID> removedChildren = childrenBefore.stream().filter(c -> !childrenAfter.contains(c)).toList();

          Map<String, ParticipantRecord> existing = new LinkedHashMap<>();
          for (ParticipantRecord p : before) {
            existing.put(keyOf(p, key), p);
          }
          List<Invitee> added = draft.invitees().stream().filter(i -> !existing.containsKey(i.key())).toList();
          Set<String> kept = new LinkedHashSet<>();
          draft.invitees().forEach(i -> kept.add(i.key()));
          List<ParticipantRecord> removed = before.stream().filter(p -> !kept.contains(keyOf(p, key))).toList();

          // Who newly learns that a child is taken up: everyone invited, for a child added to the list
          // or when the kind changes (a new purpose, another consent level); otherwise the newly invited.
          Map<UUID, List<Invitee>> reveal = new LinkedHashMap<>();
          for (UUID child : childrenAfter) {
            List<Invitee> told = kindChanged || addedChildren.contains(child) ? draft.invitees() : added;
            if (!told.isEmpty()) {
              reveal.put(child, told);
            }
          }

          boolean timeMoved = !draft.start().equals(m.start()) || !draft.end().equals(m.end());
          boolean placeChanged = !sameText(draft.location(), key.open(SealLabel.MEETING_LOCATION, m.id(), m.locationSealed()))
              || !sameText(draft.videoLink(), key.open(SealLabel.MEETING_VIDEO_LINK, m.id(), m.videoLinkSealed()));
          // Title, agenda, children and new participants are not news to those already invited: no mail
          // to them, and their pending invitations stay current. Anything in their calendar entry is —
          // the kind is the entry's SUMMARY.
          boolean newSequence = timeMoved || placeChanged || kindChanged || !removed.isEmpty();
          MeetingRecord changed = new MeetingRecord(m.id(), m.childId(), kind,
              key.seal(SealLabel.MEETING_TITLE, m.id(), draft.title()), key.seal(SealLabel.MEETING_LOCATION, m.id(), draft.location()),
              key.seal(SealLabel.MEETING_VIDEO_LINK, m.id(), draft.videoLink()),
              key.seal(SealLabel.MEETING_AGENDA, m.id(), new JsonArray(draft.agenda()).encode()), m.notesSealed(),
              draft.start(), draft.end(), m.organiserSubject(), m.organiserUsername(), m.organiserName(),
              m.organiserOrganisation(), m.organiserEmail(), m.icalUid(), m.sequence(), m.status(),
              reminderAt(draft.start(), reminderLead, Instant.now()), m.createdAt(), m.updatedAt());
          return checkOrganiser(who, addedChildren)
              .compose(v -> checkFamily(childrenAfter, added))
              .compose(v -> gate.check(kind, reveal, new LinkedHashSet<>(addedChildren), who))
              .compose(bases -> pool.withTransaction(tx -> meetings.lock(tx, m.id())
                  .compose(x -> meetings.update(tx, changed, timeMoved, newSequence))
                  .compose(updated -> {
                    Future<Void> chain = timeMoved ? meetings.resetAnswers(tx, m.id()) : Future.succeededFuture();
                    for (ParticipantRecord p : removed) {
                      chain = chain.compose(x -> meetings.removeParticipant(tx, p.id()))
                          .compose(x -> meetings.enqueue(tx, m.id(), p.id(), MailKind.CANCEL, updated.sequence()));
                    }
                    for (ParticipantRecord p : before) {
                      if (newSequence && !removed.contains(p)) {
                        chain = chain.compose(x -> meetings.enqueue(tx, m.id(), p.id(), MailKind.REQUEST, updated.sequence()));
                      }
                    }
                    return chain.compose(x -> addParticipants(tx, key, m.id(), added, updated.sequence()))
                        .compose(x -> meetings.addChildren(tx, m.id(), addedChildren))
                        // A child taken off the list: its team no longer sees the meeting.
                        .compose(x -> meetings.removeChildren(tx, m.id(), removedChildren))
                        .compose(x -> logInvitations(tx, kind, m.id(), reveal, bases, who, orgs));
                  })))
              .onSuccess(x -> eventBus.send(MAIL_KICK, m.id().toString()))
              .compose(x -> warnings(draft, m.id()))
              .compose(warnings -> view(m.id(), who).map(view -> view.withWarnings(warnings)));
        });
      });
    });
  }

  private static boolean sameText(String a, String b) {
    return Objects.equals(a == null || a.isBlank() ? null : a.strip(), b == null || b.isBlank() ? null : b.strip());
  }

  private static String keyOf(ParticipantRecord p, DataKey key) {
    return p.hasAccount() ? "user:" + p.username()
        : "mail:" + key.open(SealLabel.PARTICIPANT_EMAIL, p.id(), p.emailSealed()).toLowerCase(Locale.ROOT);
  }

  /** The meeting as a draft, so a PATCH can change any subset of fields. */
  private Future<Draft> currentDraft(MeetingRecord m, DataKey key, List<ParticipantRecord> participants) {
    return ParticipantNames.of(participants, key, directory).compose(names -> {
      List<Future<Invitee>> invitees = new ArrayList<>();
      for (ParticipantRecord p : participants) {
        String email = key.open(SealLabel.PARTICIPANT_EMAIL, p.id(), p.emailSealed());
        String name = names.get(p.id());
        if (p.hasAccount()) {
          invitees.add(directory.findByUsername(p.username()).map(found -> new Invitee(found.orElse(null) == null
              ? new DirectoryUser(p.subject().toString(), p.username(), name, email, true, List.of(), Set.of())
              : found.get(), name, email, p.role())));
        } else {
          invitees.add(Future.succeededFuture(new Invitee(null, name, email, p.role())));
        }
      }
      return Future.all(invitees).map(all -> {
        List<Invitee> list = new ArrayList<>();
        all.list().forEach(o -> list.add((Invitee) o));
        return new Draft(m.kind(), key.open(SealLabel.MEETING_TITLE, m.id(), m.titleSealed()), m.start(), m.end(),
            key.open(SealLabel.MEETING_LOCATION, m.id(), m.locationSealed()), key.open(SealLabel.MEETING_VIDEO_LINK, m.id(), m.videoLinkSealed()),
            new JsonArray(key.open(SealLabel.MEETING_AGENDA, m.id(), m.agendaSealed())).stream().map(String::valueOf).toList(),
            list, List.of());
      });
    });
  }

  public Future<Void> cancel(Principal who, UUID meetingId) {
    return manageable(MeetingSight.of(policy, who, MeetingSight.Use.CANCEL), meetingId).compose(seen -> {
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
    return fullySeen(sight, meetingId).compose(seen -> {
      MeetingRecord m = seen.meeting();
      boolean invitedProfessional = seen.invited() && seen.participants().stream()
          .anyMatch(p -> p.active() && p.role() == ParticipantRole.PROFESSIONAL && p.subject().toString().equals(who.subject()));
      Future<Void> allowed = seen.manages() || invitedProfessional ? Future.succeededFuture()
          : sight.refuse(m.childId(), "Bara inbjudna yrkesverksamma och barnens barnkontakt eller stödsamordnare skriver anteckningar.");
      return allowed.compose(x -> keys.keyFor(m.childId()))
          .compose(key -> meetings.setNotes(meetingId, key.seal(SealLabel.MEETING_NOTES, meetingId, notes)))
          .compose(x -> view(meetingId, who));
    });
  }

  // ------------------------------------------------------------------ answers

  /** An answer from a participant with an account, in the app. */
  public Future<MeetingView> rsvp(Principal who, UUID meetingId, String answer) {
    if (!ANSWERS.contains(answer)) {
      return Future.failedFuture(ProblemException.invalid("Svaret måste vara ACCEPTED, DECLINED eller TENTATIVE."));
    }
    return seen(MeetingSight.of(policy, who, MeetingSight.Use.ANSWER), meetingId).compose(seen -> {
      Optional<ParticipantRecord> me = seen.participants().stream()
          .filter(p -> p.active() && p.subject() != null && p.subject().toString().equals(who.subject())).findFirst();
      if (me.isEmpty()) {
        return Future.failedFuture(ProblemException.forbidden("Du är inte inbjuden till mötet."));
      }
      if (seen.meeting().cancelled()) {
        return Future.failedFuture(new ProblemException(ProblemType.CONFLICT, "Mötet är inställt."));
      }
      return meetings.answer(me.get().id(), answer).compose(x -> view(meetingId, who));
    });
  }

  /** An answer through a personal link: returns what the RSVP page shows. */
  public Future<MeetingView.LinkAnswer> rsvpByLink(RsvpTokens.Claims claims, String answer) {
    if (answer != null && !ANSWERS.contains(answer)) {
      return Future.failedFuture(ProblemException.invalid("Svaret måste vara ACCEPTED, DECLINED eller TENTATIVE."));
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

  private Future<MeetingView.LinkAnswer> linkAnswer(MeetingRecord meeting, ParticipantRecord before, String answer) {
    if (answer != null && meeting.cancelled()) {
      return Future.failedFuture(new ProblemException(ProblemType.CONFLICT, "Mötet är inställt."));
    }
    Future<ParticipantRecord> after = answer == null ? Future.succeededFuture(before) : meetings.answer(before.id(), answer);
    return Future.all(after, keys.keyFor(meeting.childId()), directory.organisations().otherwise(Map.of()))
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
