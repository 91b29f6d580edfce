package se.samverkan.meeting;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.KeyVault;
import se.samverkan.crypto.SealLabel;
import se.samverkan.meeting.MeetingRepository.RemovedBy;
import se.samverkan.policy.ParticipantRule.ChildFacts;
import se.samverkan.shared.EventAddresses;

/**
 * Takes out of a child's meetings still ahead everyone who lost their basis to be told about them
 * (a consent withdrawn or expired, a removal from the team, a handover): in one transaction per
 * child each such participant is marked removed and gets one CANCEL for themselves (if an
 * invitation may have reached them) — nobody else is mailed — which {@link MailOutboxJob} then sends. Run on {@code EventAddresses.ACCESS_REVOKED}
 * for the child, and as a sweep over every child with meetings ahead at start and periodically, so
 * that a crash between the revocation and its reconciliation, or a consent that simply ran out,
 * loses nothing.
 */
final class MeetingReconciler {

  private final MeetingRepository meetings;
  private final ParticipantBasis basis;
  private final KeyVault keys;
  private final EventBus eventBus;

  MeetingReconciler(MeetingRepository meetings, KeyVault keys, EventBus eventBus) {
    this.meetings = meetings;
    this.basis = new ParticipantBasis(meetings, keys);
    this.keys = keys;
    this.eventBus = eventBus;
  }

  ParticipantBasis basis() {
    return basis;
  }

  /** Reconciles one child's meetings still ahead; returns how many participants were taken out. */
  Future<Integer> reconcileChild(UUID childId) {
    return meetings.pool().withTransaction(tx -> meetings.lockUpcomingOfChild(tx, childId)
            .compose(upcoming -> reconcile(tx, upcoming)))
        .onSuccess(removed -> {
          if (removed > 0) {
            eventBus.send(MeetingService.MAIL_KICK, childId.toString());
          }
        });
  }

  /** Every child with meetings still ahead, one after the other (one transaction each). */
  Future<Integer> sweep() {
    return meetings.childrenWithUpcomingMeetings().compose(children -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (UUID child : children) {
        chain = chain.compose(total -> reconcileChild(child).map(n -> total + n));
      }
      return chain;
    });
  }

  private Future<Integer> reconcile(SqlClient tx, List<MeetingRecord> upcoming) {
    Map<UUID, Future<ChildFacts>> facts = new HashMap<>();
    Future<Integer> chain = Future.succeededFuture(0);
    for (MeetingRecord m : upcoming) {
      chain = chain.compose(total -> reconcileMeeting(tx, m, facts).map(n -> total + n));
    }
    return chain;
  }

  private Future<Integer> reconcileMeeting(SqlClient tx, MeetingRecord m, Map<UUID, Future<ChildFacts>> facts) {
    return Future.all(meetings.childrenOf(tx, m.id()), meetings.participants(tx, m.id()), keys.keyFor(m.childId()))
        .compose(loaded -> {
          List<UUID> children = loaded.resultAt(0);
          List<Future<ChildFacts>> known = new ArrayList<>();
          children.forEach(c -> known.add(facts.computeIfAbsent(c, id -> basis.facts(tx, id))));
          return Future.all(known).compose(x -> removeWithoutBasis(tx, m, loaded.resultAt(1), loaded.resultAt(2),
              known.stream().map(Future::result).toList()));
        });
  }

  private Future<Integer> removeWithoutBasis(SqlClient tx, MeetingRecord m, List<ParticipantRecord> participants,
      DataKey key, List<ChildFacts> children) {
    Instant now = Instant.now();
    Future<Integer> chain = Future.succeededFuture(0);
    for (ParticipantRecord p : participants) {
      if (!p.active()) {
        continue;
      }
      String email = key.open(SealLabel.PARTICIPANT_EMAIL, p.id(), p.emailSealed());
      if (!ParticipantBasis.holds(m.kind(), p, email, children, now)) {
        chain = chain.compose(n -> meetings.removeParticipant(tx, p.id(), RemovedBy.BASIS_LOST)
            .compose(x -> meetings.mayHaveBeenInvited(tx, p.id()))
            // Their pending invitation, if any, is superseded (they are no longer active); one never sent needs no CANCEL.
            .compose(informed -> informed ? meetings.enqueue(tx, m.id(), p.id(), MailKind.CANCEL, m.sequence()) : Future.<Void>succeededFuture())
            .map(n + 1));
      }
    }
    return chain;
  }
}
