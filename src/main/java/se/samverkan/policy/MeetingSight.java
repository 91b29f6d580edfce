package se.samverkan.policy;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.policy.AccessPolicy.Action;
import se.samverkan.policy.AccessPolicy.ChildAccess;
import se.samverkan.policy.AccessPolicy.TeamRole;

/**
 * How much of a meeting a caller sees, for one request: the policy's rule for meetings, which may
 * take up several children. Relations are asked of {@link AccessPolicy} once per request and child,
 * and each read is logged there. Made by {@link AccessPolicy#meetingSight}.
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
public final class MeetingSight {

  public enum Level { FULL, RESTRICTED }

  /**
   * What the rule needs to know of a meeting.
   *
   * @param childId the child the meeting was made for
   * @param children every child it takes up (the meeting's own child among them)
   * @param invitedSubjects the account subjects of its active participants
   */
  public record Meeting(UUID childId, UUID organiserSubject, Instant createdAt, List<UUID> children,
                        Set<String> invitedSubjects) {
  }

  /**
   * What the caller sees of one meeting.
   *
   * @param visibleChildren the children the caller may see the meeting through
   * @param manages the organiser, or the ChildContact/SupportCoordinator of every child it takes up
   */
  public record Sight(Level level, boolean organiser, boolean invited, List<UUID> visibleChildren, boolean manages) {
  }

  private final AccessPolicy policy;
  private final Principal who;
  private Future<Map<UUID, TeamRole>> relations;
  private final Map<UUID, Future<ChildAccess>> access = new HashMap<>();

  MeetingSight(AccessPolicy policy, Principal who) {
    this.policy = policy;
    this.who = who;
  }

  MeetingSight(AccessPolicy policy, ChildAccess known) {
    this(policy, known.principal());
    access.put(known.childId(), Future.succeededFuture(known));
  }

  public Principal who() {
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

  private static boolean reachesBack(ChildAccess access, Meeting m) {
    Instant from = access.historyFrom();
    return from == null || !m.createdAt().isBefore(from);
  }

  /** What the caller sees of the meeting; empty when nothing (the caller then gets 404). */
  public Future<Optional<Sight>> see(Meeting m) {
    boolean organiser = m.organiserSubject().toString().equals(who.subject());
    boolean invited = m.invitedSubjects().contains(who.subject());
    List<UUID> children = m.children();
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
          return Optional.of(new Sight(Level.FULL, organiser, invited, children, organiser || managesAll));
        }
        if (visible.isEmpty()) {
          return Optional.<Sight>empty();
        }
        return Optional.of(new Sight(all ? Level.FULL : Level.RESTRICTED, false, false, all ? children : visible, managesAll));
      });
    });
  }

  /** An invited person's read is logged here (a relation's read is logged when it is asked). */
  public Future<Void> logInvitedRead(UUID childId, Sight sight) {
    if (sight.invited() && !sight.organiser()) {
      return policy.log().append(who, "meeting.read", childId, "Inbjuden till möte", AccessLog.Outcome.GRANTED);
    }
    return Future.succeededFuture();
  }
}
