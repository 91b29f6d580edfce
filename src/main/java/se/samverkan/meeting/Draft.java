package se.samverkan.meeting;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.shared.ProblemException;

/** The fields of a meeting as requested (create, or the effective result of a change). */
record Draft(MeetingKind kind, String title, Instant start, Instant end, String location, String videoLink,
             List<String> agenda, List<Invitee> invitees, List<UUID> extraChildren) {

  /**
   * What a meeting may be: only a Barnteam takes up several children, and then without the family —
   * a guardian or child invited to it would learn which other children are taken up.
   */
  static Optional<ProblemException> checkShape(MeetingKind kind, List<UUID> children, List<Invitee> invitees) {
    if (kind != MeetingKind.STANDING_TEAM && children.size() > 1) {
      return Optional.of(ProblemException.invalid("Bara ett Barnteam (STANDING_TEAM) kan ta upp flera barn."));
    }
    if (children.size() > 1 && invitees.stream().anyMatch(ConsentGate::family)) {
      return Optional.of(ProblemException.invalid("Vårdnadshavare och barn kan inte bjudas in till ett Barnteam som tar upp "
          + "flera barn: de skulle få veta vilka andra barn som tas upp. Bjud in dem till barnets eget möte."));
    }
    return Optional.empty();
  }
}
