package se.samverkan.meeting;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.policy.AccessLog;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.AccessPolicy.Action;
import se.samverkan.policy.AccessPolicy.ChildAccess;
import se.samverkan.policy.AccessPolicy.TeamRole;

/**
 * How much of a meeting a caller sees, for one request (relations are asked of {@link AccessPolicy}
 * once per request and child, and each read is logged there).
 *
 * <ul>
 *   <li>FULL — title, agenda, participants and (for professionals) the notes: the organiser; an
 *       invited account holder; a professional who relates to every child the meeting takes up.</li>
 *   <li>RESTRICTED — kind, time, place and organiser, and only the children the caller relates to: a
 *       professional who relates to some, not all, of the children of a Barnteam meeting. Another
 *       child's title, agenda, participants and protocol are not theirs to read.</li>
 *   <li>Nothing (404) — anyone else.</li>
 * </ul>
 *
 * A relation counts for a meeting only if it reaches back to when the meeting was made: a ChildContact
 * who received the child without consent ({@link ChildAccess#historyFrom()}) does not see meetings
 * scheduled before the handover, unless they organise them or are invited. Managing a meeting needs
 * FULL sight and being its organiser or the ChildContact/SupportCoordinator of every child it takes up.
 */
final class MeetingSight {

  enum Level { FULL, RESTRICTED }

  /**
   * What the caller sees of one meeting.
   *
   * @param manages the organiser, or the ChildContact/SupportCoordinator of every child it takes up
   */
  record Seen(MeetingRecord meeting, List<UUID> children, List<ParticipantRecord> participants, Level level,
              boolean organiser, boolean invited, List<UUID> visibleChildren, boolean manages) {

    boolean full() {
      return level == Level.FULL;
    }

    /** May change or cancel it now (a cancelled meeting is final). */
    boolean mayManage() {
      return manages && !meeting.cancelled();
    }

    /** The child a restricted view is shown through (the meeting's own child when it is one of them). */
    UUID shownChild() {
      return visibleChildren.contains(meeting.childId()) || visibleChildren.isEmpty() ? meeting.childId() : visibleChildren.get(0);
    }
  }

  private final AccessPolicy policy;
  private final Principal who;
  private Future<Map<UUID, TeamRole>> relations;
  private final Map<UUID, Future<ChildAccess>> access = new HashMap<>();

  MeetingSight(AccessPolicy policy, Principal who) {
    this.policy = policy;
    this.who = who;
  }

  /** For a child's meeting list: the access to that child is already decided (and logged). */
  MeetingSight(AccessPolicy policy, ChildAccess known) {
    this(policy, known.principal());
    access.put(known.childId(), Future.succeededFuture(known));
  }

  Principal who() {
    return who;
  }

  /** The children the caller relates to as a professional, with their role; none for anyone else. */
  private Future<Map<UUID, TeamRole>> relations() {
    if (relations == null) {
      relations = !who.has(Role.PROFESSIONAL) ? Future.succeededFuture(Map.of())
          : policy.childrenOf(who).map(list -> {
            Map<UUID, TeamRole> out = new HashMap<>();
            list.forEach(r -> out.put(r.childId(), r.role()));
            return out;
          });
    }
    return relations;
  }

  private Future<ChildAccess> access(UUID child) {
    return access.computeIfAbsent(child, c -> policy.professional(who, c, Action.MEETINGS_READ));
  }

  static boolean reachesBack(ChildAccess access, MeetingRecord m) {
    Instant from = access.historyFrom();
    return from == null || !m.createdAt().isBefore(from);
  }

  Future<Optional<Seen>> see(MeetingRecord m, List<UUID> children, List<ParticipantRecord> participants) {
    boolean organiser = m.organiserSubject().toString().equals(who.subject());
    boolean invited = participants.stream()
        .anyMatch(p -> p.active() && p.subject() != null && p.subject().toString().equals(who.subject()));
    return relations().compose(roles -> {
      List<UUID> related = children.stream().filter(roles::containsKey).toList();
      List<Future<Optional<UUID>>> checks = new ArrayList<>();
      for (UUID child : related) {
        checks.add(access(child).map(a -> reachesBack(a, m) ? Optional.of(child) : Optional.<UUID>empty())
            .otherwise(Optional.empty()));
      }
      return Future.all(checks).map(done -> {
        List<UUID> visible = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
          done.<Optional<UUID>>resultAt(i).ifPresent(visible::add);
        }
        boolean all = visible.size() == children.size();
        boolean managesAll = all && children.stream().allMatch(c -> roles.get(c) != TeamRole.MEMBER);
        if (organiser || invited) {
          return Optional.of(new Seen(m, children, participants, Level.FULL, organiser, invited, children,
              organiser || managesAll));
        }
        if (visible.isEmpty()) {
          return Optional.<Seen>empty();
        }
        return Optional.of(new Seen(m, children, participants, all ? Level.FULL : Level.RESTRICTED, false, false,
            all ? children : visible, managesAll));
      });
    });
  }

  /** An invited person's read is logged here (a relation's read is logged by the policy). */
  Future<Void> logInvitedRead(Seen seen) {
    if (seen.invited() && !seen.organiser()) {
      return policy.log().append(who, "meeting.read", seen.meeting().childId(), "Inbjuden till möte", AccessLog.Outcome.GRANTED);
    }
    return Future.succeededFuture();
  }
}
