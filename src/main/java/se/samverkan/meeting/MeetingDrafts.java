package se.samverkan.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.SealLabel;
import se.samverkan.identity.DirectoryLookup;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.Role;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;

/**
 * A request made into a {@link Draft}: times and link checked, participants resolved in the directory
 * (a disabled account or one without an address is no one to invite), and a stored meeting as the
 * draft a change starts from.
 */
final class MeetingDrafts {

  private final KeycloakDirectory directory;

  MeetingDrafts(KeycloakDirectory directory) {
    this.directory = directory;
  }

  Future<Draft> parse(MeetingRequest request, MeetingKind kind, Draft current) {
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

  /** The meeting as a draft, so a PATCH can change any subset of fields. */
  Future<Draft> current(MeetingRecord m, DataKey key, List<ParticipantRecord> participants) {
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
}
