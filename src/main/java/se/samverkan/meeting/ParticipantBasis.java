package se.samverkan.meeting;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import se.samverkan.child.ChildRecord;
import se.samverkan.child.ChildRecords;
import se.samverkan.child.GuardianRow;
import se.samverkan.consent.ConsentRecord;
import se.samverkan.consent.ConsentRecords;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.KeyVault;
import se.samverkan.crypto.SealLabel;
import se.samverkan.membership.TeamMemberRecord;
import se.samverkan.membership.TeamMemberships;
import se.samverkan.policy.MeetingBasis;
import se.samverkan.policy.ParticipantRule;
import se.samverkan.policy.ParticipantRule.ChildFacts;

/**
 * Whether a meeting's participant still has a basis to be told about it ({@link ParticipantRule}, the
 * {@link MeetingBasis} rule the policy applies to a caller) — asked for people who are not the caller:
 * before a mail goes out, when an answer link is used, and by the {@link MeetingReconciler}. This reads
 * the facts of each child (from the child, consent and membership ports) and hands them to the rule.
 */
final class ParticipantBasis {

  private final ChildRecords children;
  private final TeamMemberships teams;
  private final ConsentRecords consents;
  private final MeetingRepository meetings;
  private final KeyVault keys;

  ParticipantBasis(MeetingRepository meetings, KeyVault keys) {
    this.meetings = meetings;
    this.children = new ChildRecords(meetings.pool());
    this.teams = new TeamMemberships(meetings.pool());
    this.consents = new ConsentRecords(meetings.pool());
    this.keys = keys;
  }

  /** What is known of one child now, read once for all participants of its meetings. */
  Future<ChildFacts> facts(SqlClient client, UUID childId) {
    return Future.all(List.of(children.find(client, childId), teams.active(client, childId),
            meetings.endedMemberships(client, childId), consents.ofChild(client, childId), children.guardians(childId),
            keys.keyFor(childId)))
        .map(all -> {
          UUID contact = all.<Optional<ChildRecord>>resultAt(0).map(ChildRecord::contactSubject).orElse(null);
          Map<UUID, TeamMemberRecord> members = new HashMap<>();
          all.<List<TeamMemberRecord>>resultAt(1).forEach(m -> members.put(m.subject(), m));
          DataKey key = all.resultAt(5);
          Set<UUID> accounts = new HashSet<>();
          Set<String> addresses = new HashSet<>();
          for (GuardianRow g : all.<List<GuardianRow>>resultAt(4)) {
            if (g.userSubject() != null) {
              accounts.add(g.userSubject());
            }
            addresses.add(normalised(key.open(SealLabel.GUARDIAN_EMAIL, g.id(), g.emailSealed())));
          }
          return childFacts(childId, contact, members, all.resultAt(2), all.resultAt(3), accounts, addresses, key);
        });
  }

  /** The child's facts as the rule takes them; a consent names an address as the consent record matches it. */
  static ChildFacts childFacts(UUID childId, UUID contactSubject, Map<UUID, TeamMemberRecord> members, Map<UUID, Instant> ended,
      List<ConsentRecord> consents, Set<UUID> guardianAccounts, Set<String> guardianAddresses, DataKey key) {
    Map<UUID, ParticipantRule.Member> byAccount = new HashMap<>();
    members.forEach((subject, m) -> byAccount.put(subject, new ParticipantRule.Member(m.username(), m.organisation())));
    List<ParticipantRule.Consent> terms = consents.stream()
        .map(k -> new ParticipantRule.Consent(k, email -> k.namesExternal(key, email))).toList();
    return new ChildFacts(childId, contactSubject, byAccount, ended, terms, guardianAccounts, guardianAddresses);
  }

  static String normalised(String email) {
    return ParticipantRule.address(email);
  }

  /** Whether a participant of a meeting still has a basis for each of its children, read now. */
  Future<Boolean> holds(SqlClient client, MeetingRecord m, ParticipantRecord p) {
    return meetings.childrenOf(client, m.id()).compose(ids -> {
      List<Future<ChildFacts>> loading = new ArrayList<>();
      ids.forEach(id -> loading.add(facts(client, id)));
      return Future.all(Future.all(loading), keys.keyFor(m.childId())).map(all -> {
        List<ChildFacts> facts = new ArrayList<>();
        loading.forEach(f -> facts.add(f.result()));
        DataKey key = all.resultAt(1);
        return holds(m.kind(), p, key.open(SealLabel.PARTICIPANT_EMAIL, p.id(), p.emailSealed()), facts, Instant.now());
      });
    });
  }

  /** {@link ParticipantRule#holds} for a participant as stored, at the level the meeting's kind needs. */
  static boolean holds(MeetingKind kind, ParticipantRecord p, String email, List<ChildFacts> children, Instant now) {
    return ParticipantRule.holds(ConsentGate.requiredLevel(kind), participant(p, email), children, now);
  }

  static ParticipantRule.Participant participant(ParticipantRecord p, String email) {
    return new ParticipantRule.Participant(p.role().invited(), p.subject(), p.username(), p.organisation(), email, p.addedAt());
  }
}
