package se.samverkan.consent;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.child.ChildRecord;
import se.samverkan.child.ChildRecords;
import se.samverkan.consent.ConsentView.Content;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.KeyVault;
import se.samverkan.crypto.SealLabel;
import se.samverkan.identity.DirectoryLookup;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.membership.TeamMemberRecord;
import se.samverkan.membership.TeamMemberships;
import se.samverkan.membership.TeamMemberships.EndReason;
import se.samverkan.policy.AccessPolicy.ChildAccess;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.shared.EventAddresses;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;
import se.samverkan.sharinglog.Disclosure;
import se.samverkan.sharinglog.SharingLog;

/**
 * Consent (samtycke): recorded by the ChildContact or SupportCoordinator as the guardians (and, by
 * age and maturity, the child) gave it; never edited or deleted; withdrawn with a reason, which
 * takes effect at once: team members whose access rested on it lose it in the same transaction,
 * and the withdrawal is written to the sharing log.
 */
public final class ConsentService {

  private final Pool pool;
  private final KeyVault keys;
  private final KeycloakDirectory directory;
  private final ChildRecords children;
  private final ConsentRepository consents;
  private final TeamMemberships teams;
  private final SharingLog sharingLog;
  private final EventBus eventBus;

  public ConsentService(Pool pool, KeyVault keys, KeycloakDirectory directory, ChildRecords children,
      ConsentRepository consents, TeamMemberships teams, SharingLog sharingLog, EventBus eventBus) {
    this.pool = pool;
    this.keys = keys;
    this.directory = directory;
    this.children = children;
    this.consents = consents;
    this.teams = teams;
    this.sharingLog = sharingLog;
    this.eventBus = eventBus;
  }

  /** A consent being recorded, with the persons it names as Keycloak knows them. */
  private record Recording(ChildAccess access, ConsentRequest request, UUID id, List<DirectoryUser> persons,
                           Map<String, Organisation> orgs) {
    UUID childId() {
      return access.childId();
    }
  }

  /** Records a consent; the answer is the consent as recorded, in full (the recorder sees what they recorded). */
  public Future<ConsentView> record(ChildAccess access, ConsentRequest request) {
    return Future.all(directory.organisations(), professionals(request.persons()))
        .compose(found -> record(new Recording(access, request, UUID.randomUUID(), found.resultAt(1), found.resultAt(0))));
  }

  private Future<List<DirectoryUser>> professionals(List<String> usernames) {
    List<Future<DirectoryUser>> lookups = usernames.stream()
        .map(username -> DirectoryLookup.requireUser(directory, username, Role.PROFESSIONAL,
            u -> username + " är inte en yrkesverksam i Samverkan."))
        .toList();
    return Future.all(lookups).map(all -> all.<DirectoryUser>list());
  }

  private Future<ConsentView> record(Recording r) {
    return KnownOrganisations.require(r.request().organisations(), r.orgs())
        .compose(v -> keys.keyFor(r.childId()))
        .compose(key -> pool.withTransaction(tx -> write(tx, key, r)).map(recorded -> opened(recorded, key, r.orgs())));
  }

  private Future<ConsentRecord> write(SqlClient tx, DataKey key, Recording r) {
    return children.lock(tx, r.childId()).compose(child -> writeLocked(tx, key, r, child));
  }

  /** Who lacked access before the consent is what it may give back: read first, in the same transaction. */
  private Future<ConsentRecord> writeLocked(SqlClient tx, DataKey key, Recording r, ChildRecord child) {
    return uncovered(tx, r.childId()).compose(uncovered -> insertAndRestore(tx, key, r, child, uncovered));
  }

  private Future<ConsentRecord> insertAndRestore(SqlClient tx, DataKey key, Recording r, ChildRecord child,
      List<TeamMemberRecord> uncovered) {
    return insert(tx, key, r)
        .compose(recorded -> restoreAccess(tx, key, r, child, recorded, uncovered).map(recorded));
  }

  private Future<ConsentRecord> insert(SqlClient tx, DataKey key, Recording r) {
    NewConsent consent = NewConsent.sealed(key, r.id(), r.childId(), r.request(), r.access().principal(), r.persons(),
        r.orgs());
    return consents.insert(tx, consent)
        .compose(v -> consents.find(tx, r.childId(), r.id()))
        .map(Optional::orElseThrow);
  }

  /** The active team members (not the ChildContact) whom no consent of the child covers now. */
  private Future<List<TeamMemberRecord>> uncovered(SqlClient tx, UUID childId) {
    return Future.all(teams.active(tx, childId), consents.ofChild(tx, childId))
        .map(all -> notCovered(all.resultAt(0), all.resultAt(1)));
  }

  private static List<TeamMemberRecord> notCovered(List<TeamMemberRecord> members, List<ConsentRecord> consentRecords) {
    Instant now = Instant.now();
    return members.stream()
        .filter(m -> !m.isChildContact() && !ConsentCoverage.coversTeamMember(consentRecords, m.username(), m.organisation(), now))
        .toList();
  }

  /**
   * A member whose consent expired keeps the membership but not the access; a new consent covering
   * them gives them the team's information again. That is a disclosure like the first one, so it is
   * written to the sharing log in the same transaction as the consent. Not so for members the
   * recorder does not see (a ChildContact who took over without consent): the entry would tell them
   * who worked with the child, so those memberships, which gave no access any more, end instead
   * (LAPSED), and the recorder may add the person anew.
   */
  private Future<Void> restoreAccess(SqlClient tx, DataKey key, Recording r, ChildRecord child, ConsentRecord recorded,
      List<TeamMemberRecord> uncovered) {
    Instant now = Instant.now();
    Instant historyFrom = r.access().historyFrom();
    List<TeamMemberRecord> restored = uncovered.stream()
        .filter(m -> ConsentCoverage.coversTeamMember(List.of(recorded), m.username(), m.organisation(), now))
        .toList();
    List<TeamMemberRecord> shown = restored.stream().filter(m -> m.shownTo(historyFrom)).toList();
    List<TeamMemberRecord> unseen = restored.stream().filter(m -> !m.shownTo(historyFrom)).toList();
    return end(tx, child, unseen, EndReason.LAPSED, r.access().principal())
        .compose(v -> logRestoredAccess(tx, key, r, recorded, shown));
  }

  private Future<Void> logRestoredAccess(SqlClient tx, DataKey key, Recording r, ConsentRecord recorded,
      List<TeamMemberRecord> restored) {
    if (restored.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Disclosure.Person> persons = restored.stream().map(m -> disclosed(m, r.orgs())).toList();
    List<Disclosure.Organisation> organisations = persons.stream().map(Disclosure.Person::organisation)
        .filter(Objects::nonNull).distinct().toList();
    return sharingLog.append(tx, key, Disclosure.teamMembership(recorded.childId(), "consent:" + recorded.id(),
        "Ett nytt samtycke gav dessa personer i barnets team (Individuellt barnteam) tillgång till teamets information om barnet igen.",
        new Disclosure.Recipients(persons, organisations), r.request().purpose(), Disclosure.LegalBasis.consent(recorded.id()),
        Disclosure.sharedBy(r.access().principal(), r.orgs()))).mapEmpty();
  }

  /** Ends these memberships, and the coordinator appointment of whoever among them held it. */
  private Future<Void> end(SqlClient tx, ChildRecord child, List<TeamMemberRecord> members, EndReason reason, Principal who) {
    List<Future<Void>> ends = new ArrayList<>();
    for (TeamMemberRecord m : members) {
      ends.add(teams.end(tx, m.id(), reason, who.username()));
      if (m.subject().equals(child.coordinatorSubject())) {
        ends.add(children.setCoordinator(tx, child.id(), null, null));
      }
    }
    return Future.all(ends).mapEmpty();
  }

  /** Every consent on record for the child, as the family sees them. */
  public Future<ConsentList> list(UUID childId) {
    return list(childId, null);
  }

  /**
   * The consents as the caller may see them. For a ChildContact who took over without a consent that
   * lets information move ({@code historyFrom} set), the consents recorded before then are listed
   * without their content — whom they name and why would tell which organisations work with the
   * child — but with id, level, validity and status, so a withdrawal the guardians ask for can still
   * be recorded.
   */
  public Future<ConsentList> list(ChildAccess access) {
    return list(access.childId(), access.historyFrom());
  }

  private Future<ConsentList> list(UUID childId, Instant historyFrom) {
    return Future.all(keys.keyFor(childId), consents.ofChild(childId), directory.organisationNames())
        .map(all -> {
          DataKey key = all.resultAt(0);
          List<ConsentRecord> records = all.resultAt(1);
          Map<String, Organisation> orgs = all.resultAt(2);
          return new ConsentList(records.stream().map(r -> seenFrom(historyFrom, r, key, orgs)).toList(), historyFrom);
        });
  }

  /** A consent as someone who sees the child's history from {@code historyFrom} on (null: all of it) may see it. */
  private static ConsentView seenFrom(Instant historyFrom, ConsentRecord r, DataKey key, Map<String, Organisation> orgs) {
    return r.visibleFrom(historyFrom) ? opened(r, key, orgs) : new ConsentView(r, r.status(Instant.now()), orgs, null);
  }

  private static ConsentView opened(ConsentRecord r, DataKey key, Map<String, Organisation> orgs) {
    Content content = new Content(
        SealedFields.openGivenBy(key, r.id(), r.givenBySealed()),
        SealedFields.openPersons(key, r.id(), r.personDetailsSealed()),
        r.externalPersons(key),
        key.open(SealLabel.CONSENT_PURPOSE, r.id(), r.purposeSealed()),
        r.withdrawnAt() == null ? null : key.open(SealLabel.CONSENT_WITHDRAWAL_REASON, r.id(), r.withdrawalReasonSealed()));
    return new ConsentView(r, r.status(Instant.now()), orgs, content);
  }

  /** A withdrawal under way: the caller, the consent, the reason (trimmed) and what it needs opened. */
  private record Withdrawing(ChildAccess access, UUID consentId, String reason, DataKey key, Map<String, Organisation> orgs) {
    UUID childId() {
      return access.childId();
    }
  }

  /** The consent after its withdrawal, and the memberships that ended with it. */
  private record Withdrawn(ConsentRecord consent, List<TeamMemberRecord> ended) {
  }

  public Future<ConsentView> withdraw(ChildAccess access, UUID consentId, WithdrawalRequest request) {
    return Future.all(keys.keyFor(access.childId()), directory.organisationNames())
        .compose(ready -> withdraw(new Withdrawing(access, consentId, request.reason(), ready.resultAt(0), ready.resultAt(1))));
  }

  private Future<ConsentView> withdraw(Withdrawing w) {
    return pool.withTransaction(tx -> children.lock(tx, w.childId()).compose(child -> withdrawLocked(tx, w, child)))
        // Published even when no member lost access: people invited to the child's meetings on this
        // consent may have (the meeting reconciliation listens).
        .onSuccess(done -> publishRevoked(w.childId(), done.ended()))
        // The answer shows no more than the list does: a consent from before a responsibility-only
        // handover stays restricted, withdrawn or not.
        .map(done -> seenFrom(w.access().historyFrom(), done.consent(), w.key(), w.orgs()));
  }

  private Future<Withdrawn> withdrawLocked(SqlClient tx, Withdrawing w, ChildRecord child) {
    Principal who = w.access().principal();
    return consents.find(tx, w.childId(), w.consentId())
        .compose(ConsentService::notWithdrawn)
        .compose(found -> consents.withdraw(tx, w.consentId(), UUID.fromString(who.subject()), who.username(),
            w.key().seal(SealLabel.CONSENT_WITHDRAWAL_REASON, w.consentId(), w.reason())))
        .compose(v -> endUncovered(tx, child, who))
        .compose(ended -> sharingLog.append(tx, w.key(), withdrawal(w, ended)).map(ended))
        .compose(ended -> consents.find(tx, w.childId(), w.consentId()).map(found -> new Withdrawn(found.orElseThrow(), ended)));
  }

  private static Future<ConsentRecord> notWithdrawn(Optional<ConsentRecord> found) {
    if (found.isEmpty()) {
      return Future.failedFuture(ProblemException.notFound());
    }
    if (found.get().withdrawnAt() != null) {
      return Future.failedFuture(new ProblemException(ProblemType.CONFLICT, "Samtycket är redan återkallat."));
    }
    return Future.succeededFuture(found.get());
  }

  /** Ends the memberships that no consent in force covers any more; returns them. */
  private Future<List<TeamMemberRecord>> endUncovered(SqlClient tx, ChildRecord child, Principal who) {
    return uncovered(tx, child.id())
        .compose(uncovered -> end(tx, child, uncovered, EndReason.CONSENT_WITHDRAWN, who).map(uncovered));
  }

  private void publishRevoked(UUID childId, List<TeamMemberRecord> ended) {
    eventBus.publish(EventAddresses.ACCESS_REVOKED, new JsonObject().put("childId", childId.toString())
        .put("usernames", new JsonArray(ended.stream().map(TeamMemberRecord::username).toList())));
  }

  /**
   * The withdrawal's sharing-log entry, naming whom it ended. The caller reads the entry too: for a
   * ChildContact who took over without consent it names only the memberships they see in the team,
   * in words that do not tell whether anyone else lost access (the earlier entries that admitted
   * people under this consent still name them for the family).
   */
  private static Disclosure withdrawal(Withdrawing w, List<TeamMemberRecord> ended) {
    Instant historyFrom = w.access().historyFrom();
    List<TeamMemberRecord> named = ended.stream().filter(m -> m.shownTo(historyFrom)).toList();
    String what;
    if (historyFrom != null) {
      what = "Ett samtycke återkallades. Den som hade tillgång till barnets information genom det har inte längre det;"
          + " det de redan tagit del av går inte att ta tillbaka.";
    } else if (ended.isEmpty()) {
      what = "Ett samtycke återkallades. Ingen i teamet förlorade åtkomst.";
    } else {
      what = "Ett samtycke återkallades. Dessa personer har inte längre tillgång till barnets information; det de redan tagit del av går inte att ta tillbaka.";
    }
    return Disclosure.consentWithdrawn(w.childId(), w.consentId(), what,
        named.stream().map(m -> disclosed(m, w.orgs())).toList(), w.reason(), Disclosure.sharedBy(w.access().principal(), w.orgs()));
  }

  /** A member as a sharing-log entry names them, with their organisation's name as Keycloak has it now. */
  private static Disclosure.Person disclosed(TeamMemberRecord m, Map<String, Organisation> orgs) {
    String alias = m.organisation();
    return new Disclosure.Person(m.username(), m.displayName(),
        alias == null ? null : new Disclosure.Organisation(alias, orgs.containsKey(alias) ? orgs.get(alias).name() : alias));
  }

  /** For other features: the child's consent records, newest first. */
  public Future<List<ConsentRecord>> ofChild(UUID childId) {
    return consents.ofChild(childId);
  }

  /** For other features: the consent in force covering a person at a level, if any. */
  public Future<Optional<ConsentRecord>> covering(SqlClient client, UUID childId, String username, String organisation,
      ConsentLevel needed) {
    return consents.covering(client, childId, username, organisation, needed);
  }
}
