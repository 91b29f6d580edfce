package se.samverkan.meeting;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import se.samverkan.child.ChildRecord;
import se.samverkan.child.ChildRecords;
import se.samverkan.child.GuardianRow;
import se.samverkan.consent.ConsentCoverage;
import se.samverkan.consent.ConsentRecord;
import se.samverkan.consent.ConsentRecords;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.KeyVault;
import se.samverkan.crypto.SealLabel;
import se.samverkan.membership.TeamMemberRecord;
import se.samverkan.membership.TeamMemberships;
import se.samverkan.policy.MeetingBasis;
import se.samverkan.policy.TeamRole;
import se.samverkan.shared.ConsentLevel;

/**
 * Whether a meeting's participant still has a basis to be told about it ({@link MeetingBasis}, the
 * rule the policy applies to a caller) — asked for people who are not the caller: before a mail
 * goes out, when an answer link is used, and by the {@link MeetingReconciler}. A participant keeps
 * it only with a basis for every child the meeting takes up: each mail and the answer page are about
 * all of them.
 */
final class ParticipantBasis {

  /** What is known of one child now, read once for all participants of its meetings. */
  record ChildFacts(UUID childId, UUID contactSubject, Map<UUID, TeamMemberRecord> members, Map<UUID, Instant> ended,
                    List<ConsentRecord> consents, Set<UUID> guardianAccounts, Set<String> guardianAddresses, DataKey key) {
  }

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

  Future<ChildFacts> facts(SqlClient client, UUID childId) {
    return Future.all(List.of(children.find(client, childId), teams.active(client, childId),
            meetings.endedMemberships(client, childId), consents.ofChild(client, childId), children.guardians(childId),
            keys.keyFor(childId)))
        .map(all -> {
          UUID contact = all.<java.util.Optional<ChildRecord>>resultAt(0).map(ChildRecord::contactSubject).orElse(null);
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
          return new ChildFacts(childId, contact, members, all.resultAt(2), all.resultAt(3), accounts, addresses, key);
        });
  }

  static String normalised(String email) {
    return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
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

  /** The rule, on facts already read: a basis for every child. */
  static boolean holds(MeetingKind kind, ParticipantRecord p, String email, List<ChildFacts> children, Instant now) {
    MeetingBasis.Invited as = p.role().invited();
    return !children.isEmpty() && children.stream()
        .allMatch(c -> MeetingBasis.of(as, factsOf(ConsentGate.requiredLevel(kind), p, email, c, now)).isPresent());
  }

  static MeetingBasis.Facts factsOf(ConsentLevel level, ParticipantRecord p, String email, ChildFacts c, Instant now) {
    TeamRole role = null;
    if (p.subject() != null && p.subject().equals(c.contactSubject())) {
      role = TeamRole.CHILD_CONTACT;
    } else if (p.subject() != null && c.members().containsKey(p.subject())) {
      TeamMemberRecord m = c.members().get(p.subject());
      role = ConsentCoverage.coversTeamMember(c.consents(), m.username(), m.organisation(), now) ? TeamRole.MEMBER : null;
    }
    boolean covered = switch (p.role()) {
      case PROFESSIONAL -> p.hasAccount()
          && ConsentCoverage.covering(c.consents(), p.username(), p.organisation(), level, now).isPresent();
      case OTHER -> c.consents().stream()
          .anyMatch(k -> k.inForce(now) && k.level().satisfies(level) && k.namesExternal(c.key(), email));
      case GUARDIAN, CHILD -> false;
    };
    boolean family = p.subject() != null ? c.guardianAccounts().contains(p.subject())
        : c.guardianAddresses().contains(normalised(email));
    Instant endedAt = p.subject() == null ? null : c.ended().get(p.subject());
    boolean left = endedAt != null && p.addedAt() != null && endedAt.isAfter(p.addedAt());
    return new MeetingBasis.Facts(role, covered, family, left);
  }
}
