package se.samverkan.policy;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.policy.AccessDecision.Need;
import se.samverkan.policy.AccessPolicy.ChildAccess;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;
import se.samverkan.store.Rows;

/**
 * Direct messages: a conversation is between two persons about one child, and both must relate to
 * the child now ({@link AccessDecision} on the same facts as every other access, read for each of
 * them). The caller without a relation is told 404; a counterpart without one closes the
 * conversation for new messages. Devices are shown only to someone who shares a child with their
 * owner. Every answer is written to the access log here.
 */
public final class DirectPolicy {

  /** The access-log actions of direct messages. */
  public enum Use implements LoggedAction {
    START("direct.start"),
    READ("direct.read"),
    SEND("direct.send"),
    DEVICES("direct.devices");

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
        case READ, DEVICES -> ActionKind.READ;
        case START, SEND -> ActionKind.CHANGE;
      };
    }
  }

  /** Another person than the caller, as a conversation stores them (organisation: an alias, or null). */
  public record Party(UUID subject, String username, String organisation) {
    public Party {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(username, "username");
    }
  }

  /** A granted look at a conversation: the caller's access, and the counterpart's relation now (empty: none). */
  public record DirectAccess(ChildAccess mine, Optional<TeamRole> counterpart) {
    public boolean open() {
      return counterpart.isPresent();
    }
  }

  /** One conversation of a list: its child and the other party. */
  public record Pair(UUID childId, Party other) {
  }

  static final String PURPOSE = "Direktmeddelanden";

  private final Pool pool;
  private final AccessLog log;

  public DirectPolicy(Pool pool, AccessLog log) {
    this.pool = pool;
    this.log = log;
  }

  /**
   * The caller's access to a conversation about {@code childId} with {@code other}, logged either
   * way: 404 without a relation of one's own; for START and SEND a counterpart without a relation
   * is refused too (422 when starting, 403 conversation-closed when sending); READ is granted with
   * the conversation shown closed.
   */
  public Future<DirectAccess> conversation(Principal who, UUID childId, Party other, Use use) {
    if (!who.has(Role.PROFESSIONAL)) {
      return deny(who, use, childId, PolicyTexts.roleRefusal(who));
    }
    return Future.all(relation(childId, me(who), who.organisation().orElse(null), who.username()),
            relation(childId, other.subject(), other.organisation(), other.username()))
        .compose(both -> decide(who, childId, other, use, both.resultAt(0), both.resultAt(1)));
  }

  private Future<DirectAccess> decide(Principal who, UUID childId, Party other, Use use, Optional<RelationFacts> mine,
      Optional<RelationFacts> theirs) {
    AccessDecision.Decision decision = AccessDecision.professional(me(who), mine, Need.READ);
    if (decision instanceof AccessDecision.Denied denied) {
      return deny(who, use, childId, new ProblemException(denied.refusal()));
    }
    AccessDecision.Granted g = (AccessDecision.Granted) decision;
    Optional<TeamRole> counterpart = theirs.flatMap(r -> AccessDecision.teamRole(other.subject(), r));
    if (counterpart.isEmpty() && use == Use.START) {
      return deny(who, use, childId, new ProblemException(ProblemType.WRONG_ROLE,
          other.username() + " har ingen relation till barnet i Samverkan och kan inte skriva om det."));
    }
    if (counterpart.isEmpty() && use == Use.SEND) {
      return deny(who, use, childId, new ProblemException(ProblemType.CONVERSATION_CLOSED,
          "Den andra personen har inte längre tillgång till barnet."));
    }
    ChildAccess access = new ChildAccess(childId, who, g.role(), g.historyFrom(), g.memberSince(), g.coveredUntil());
    return log.append(who, use, childId, PURPOSE + " (" + PolicyTexts.purpose(g.role()) + ")", AccessLog.Outcome.GRANTED)
        .map(new DirectAccess(access, counterpart));
  }

  /**
   * The caller's conversations as a list shows them: each answer is the caller's access (empty:
   * the caller no longer relates to the child, and the conversation is not shown). The children
   * shown are logged as read.
   */
  public Future<List<Optional<DirectAccess>>> conversations(Principal who, List<Pair> pairs) {
    if (!who.has(Role.PROFESSIONAL)) {
      return deny(who, Use.READ, null, PolicyTexts.roleRefusal(who));
    }
    List<Future<Optional<DirectAccess>>> each = new ArrayList<>();
    for (Pair p : pairs) {
      each.add(Future.all(relation(p.childId(), me(who), who.organisation().orElse(null), who.username()),
              relation(p.childId(), p.other().subject(), p.other().organisation(), p.other().username()))
          .map(both -> listed(who, p, both.resultAt(0), both.resultAt(1))));
    }
    return Future.all(each).compose(all -> {
      List<Optional<DirectAccess>> out = all.list();
      Set<UUID> shown = new LinkedHashSet<>();
      out.forEach(a -> a.ifPresent(d -> shown.add(d.mine().childId())));
      return log.appendAll(who, Use.READ, List.copyOf(shown), PURPOSE).map(out);
    });
  }

  private Optional<DirectAccess> listed(Principal who, Pair p, Optional<RelationFacts> mine, Optional<RelationFacts> theirs) {
    if (!(AccessDecision.professional(me(who), mine, Need.READ) instanceof AccessDecision.Granted g)) {
      return Optional.empty();
    }
    return Optional.of(new DirectAccess(new ChildAccess(p.childId(), who, g.role(), g.historyFrom(), g.memberSince(),
        g.coveredUntil()), theirs.flatMap(r -> AccessDecision.teamRole(p.other().subject(), r))));
  }

  /**
   * Whether the caller may see {@code other}'s devices: themselves, or someone with whom they share
   * a child (both relate to it now). Anyone else is 404, as if the person had no devices to show.
   */
  public Future<Void> sharesChild(Principal who, Party other) {
    if (!who.has(Role.PROFESSIONAL)) {
      return deny(who, Use.DEVICES, null, PolicyTexts.roleRefusal(who));
    }
    if (other.subject().equals(me(who))) {
      return log.append(who, Use.DEVICES, null, PURPOSE + " (egna enheter)", AccessLog.Outcome.GRANTED);
    }
    return Future.all(children(me(who), who.organisation().orElse(null), who.username()),
            children(other.subject(), other.organisation(), other.username()))
        .compose(both -> {
          List<UUID> mine = both.resultAt(0);
          List<UUID> theirs = both.resultAt(1);
          Optional<UUID> shared = mine.stream().filter(theirs::contains).findFirst();
          return shared.isEmpty() ? deny(who, Use.DEVICES, null, ProblemException.notFound())
              : log.append(who, Use.DEVICES, shared.get(), PURPOSE, AccessLog.Outcome.GRANTED);
        });
  }

  /** One's own devices: registering, listing, removing, uploading history to them. Professionals only. */
  public Future<Void> ownDevices(Principal who) {
    if (!who.has(Role.PROFESSIONAL)) {
      return deny(who, Use.DEVICES, null, new ProblemException(Problem.of(ProblemType.FORBIDDEN,
          "Direktmeddelanden är till för yrkesverksamma.")));
    }
    return log.append(who, Use.DEVICES, null, PURPOSE + " (egna enheter)", AccessLog.Outcome.GRANTED);
  }

  private Future<Optional<RelationFacts>> relation(UUID childId, UUID subject, String organisation, String username) {
    return pool.preparedQuery(AccessQueries.RELATION)
        .execute(Tuple.of(childId, subject, organisation, username))
        .map(DirectPolicy::first);
  }

  /** The children a person relates to now. */
  private Future<List<UUID>> children(UUID subject, String organisation, String username) {
    return pool.preparedQuery(AccessQueries.RELATIONS)
        .mapping(RelationFacts::listed)
        .execute(Tuple.of(subject, organisation, username))
        .map(rows -> Rows.list(rows).stream()
            .filter(r -> AccessDecision.teamRole(subject, r).isPresent())
            .map(RelationFacts::childId)
            .toList());
  }

  private static Optional<RelationFacts> first(RowSet<Row> rows) {
    return rows.iterator().hasNext() ? Optional.of(RelationFacts.from(rows.iterator().next())) : Optional.empty();
  }

  private static UUID me(Principal who) {
    return UUID.fromString(who.subject());
  }

  private <T> Future<T> deny(Principal who, LoggedAction action, UUID childId, ProblemException refusal) {
    return log.append(who, action, childId, null, AccessLog.Outcome.DENIED)
        .transform(ar -> Future.failedFuture(refusal));
  }
}
