package se.samverkan.policy;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.identity.Principal;
import se.samverkan.policy.AccessPolicy.MeetingAccess;
import se.samverkan.policy.MeetingBasis.Basis;
import se.samverkan.policy.MeetingBasis.Invitation;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.shared.ProblemException;

/**
 * How much of a meeting a caller sees, for one request: the policy's rule for meetings, which may
 * take up several children. For every meeting and every child it takes up the caller's basis is a
 * current {@link AccessPolicy#meetingAccess} decision ({@link MeetingBasis}), logged under the use
 * the request makes of the meeting — the organiser's and the invited's included: being organiser
 * or invited is no basis of its own once the relation, the consent or the family link behind it is
 * gone.
 *
 * <ul>
 *   <li>FULL — title, agenda, participants and (for professionals) the notes: a basis for every child
 *       the meeting takes up.</li>
 *   <li>RESTRICTED — kind, time, place and organiser, and only the children the caller has a basis for:
 *       a Barnteam meeting seen through some, not all, of its children.</li>
 *   <li>Nothing (404, or the role's 403) — no basis for any of its children.</li>
 * </ul>
 *
 * Managing a meeting (changing, cancelling it) needs FULL sight as the ChildContact or
 * SupportCoordinator of every child it takes up, now: a former organiser who handed the child over
 * or was removed no longer manages it.
 */
public final class MeetingSight {

  public enum Level { FULL, RESTRICTED }

  /** What the request does with the meeting: the access log's action. */
  public enum Use implements LoggedAction {
    LIST("meeting.list"), READ("meeting.read"), UPDATE("meeting.update"), CANCEL("meeting.cancel"),
    NOTES("meeting.notes"), ANSWER("meeting.answer"), INVITATIONS("meeting.invitations");

    private final String logName;

    Use(String logName) {
      this.logName = logName;
    }

    @Override
    public String logName() {
      return logName;
    }

    @Override
    public ActionKind kind() {
      return switch (this) {
        case LIST, READ, INVITATIONS -> ActionKind.READ;
        case UPDATE, CANCEL, NOTES, ANSWER -> ActionKind.CHANGE;
      };
    }
  }

  /**
   * What the rule needs to know of a meeting.
   *
   * @param children every child it takes up (the meeting's own child among them)
   * @param invited  the invitations of its active participants with an account, by subject
   * @param level    the consent level its kind needs of an invited professional
   */
  public record Meeting(UUID childId, UUID organiserSubject, Instant createdAt, List<UUID> children,
                        Map<String, Invitation> invited, ConsentLevel level) {
  }

  /**
   * What the caller sees of one meeting.
   *
   * @param invited         an active participant with a basis
   * @param visibleChildren the children the caller has a basis for
   * @param manages         the ChildContact or SupportCoordinator of every child it takes up
   */
  public record Sight(Level level, boolean organiser, boolean invited, List<UUID> visibleChildren, boolean manages) {
  }

  private final AccessPolicy policy;
  private final Principal who;
  private final Use use;

  /** How much of meetings the caller sees, for one request and one use. */
  public static MeetingSight of(AccessPolicy policy, Principal who, Use use) {
    return new MeetingSight(policy, who, use);
  }

  private MeetingSight(AccessPolicy policy, Principal who, Use use) {
    this.policy = policy;
    this.who = who;
    this.use = use;
  }

  public Principal who() {
    return who;
  }

  /** What the caller sees of the meeting; empty when nothing (the caller then gets {@link #refusal()}). */
  public Future<Optional<Sight>> see(Meeting m) {
    Invitation invitation = m.invited().getOrDefault(who.subject(), Invitation.NONE);
    List<Future<Optional<MeetingAccess>>> checks = new ArrayList<>();
    for (UUID child : m.children()) {
      checks.add(policy.meetingAccess(who, child, use, invitation, m.level(), m.createdAt()));
    }
    return Future.all(checks).map(done -> {
      List<MeetingAccess> granted = new ArrayList<>();
      for (int i = 0; i < checks.size(); i++) {
        done.<Optional<MeetingAccess>>resultAt(i).ifPresent(granted::add);
      }
      return decide(m, m.organiserSubject().toString().equals(who.subject()), invitation, granted);
    });
  }

  /** The sight that the granted accesses give; pure. */
  static Optional<Sight> decide(Meeting m, boolean organiser, Invitation invitation, List<MeetingAccess> granted) {
    if (granted.isEmpty()) {
      return Optional.empty();
    }
    boolean all = granted.size() == m.children().size();
    boolean manages = all && granted.stream()
        .allMatch(a -> a.basis() == Basis.TEAM && a.role() != TeamRole.MEMBER);
    List<UUID> visible = granted.stream().map(MeetingAccess::childId).toList();
    return Optional.of(new Sight(all ? Level.FULL : Level.RESTRICTED, organiser, invitation.invited(),
        all ? m.children() : visible, manages));
  }

  /** The answer to a caller without sight: 404 for a professional, the role's 403 for anyone else. */
  public ProblemException refusal() {
    return policy.meetingRefusal(who);
  }

  /** A caller who sees the meeting but may not do {@link #use} with it: logged, then refused with 403. */
  public <T> Future<T> refuse(UUID childId, String detail) {
    return policy.log().append(who, use, childId, null, AccessLog.Outcome.DENIED)
        .transform(ar -> Future.failedFuture(ProblemException.forbidden(detail)));
  }
}
