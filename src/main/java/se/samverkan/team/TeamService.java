package se.samverkan.team;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.child.ChildRecord;
import se.samverkan.child.ChildRecords;
import se.samverkan.consent.ConsentCoverage;
import se.samverkan.consent.ConsentRecord;
import se.samverkan.consent.ConsentRecords;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.KeyVault;
import se.samverkan.crypto.SealLabel;
import se.samverkan.identity.DirectoryLookup;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.membership.MemberRole;
import se.samverkan.membership.TeamMemberRecord;
import se.samverkan.membership.TeamMemberships;
import se.samverkan.membership.TeamMemberships.EndReason;
import se.samverkan.policy.AccessPolicy.ChildAccess;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.shared.EventAddresses;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;
import se.samverkan.sharinglog.Disclosure;
import se.samverkan.sharinglog.SharingLog;
import se.samverkan.team.TeamView.Access;
import se.samverkan.team.TeamView.MemberView;

/**
 * The child's team (Individuellt barnteam). Adding a professional needs an updated written consent
 * (WRITTEN_UPDATED) in force that names the person or their organisation, as Keycloak knows it —
 * never as the request claims it. Each addition is a disclosure: the team's information becomes
 * available to the new member, so it is written to the sharing log in the same transaction.
 */
public final class TeamService {

  private final Pool pool;
  private final KeyVault keys;
  private final KeycloakDirectory directory;
  private final ChildRecords children;
  private final TeamMemberships teams;
  private final ConsentRecords consents;
  private final SharingLog sharingLog;
  private final EventBus eventBus;

  public TeamService(Pool pool, KeyVault keys, KeycloakDirectory directory, ChildRecords children, TeamMemberships teams,
      ConsentRecords consents, SharingLog sharingLog, EventBus eventBus) {
    this.pool = pool;
    this.keys = keys;
    this.directory = directory;
    this.children = children;
    this.teams = teams;
    this.consents = consents;
    this.sharingLog = sharingLog;
    this.eventBus = eventBus;
  }

  /**
   * The team as the caller may see it. A ChildContact who took over without a consent that lets
   * information move ({@code historyFrom} set) does not see who was in the team before then: that
   * the police or social services work with a child is itself information about the child.
   */
  public Future<TeamView> team(ChildAccess access) {
    UUID childId = access.childId();
    return Future.all(children.find(pool, childId), teams.active(childId), consents.ofChild(childId),
            directory.organisationNames())
        .map(all -> team(access, all.<Optional<ChildRecord>>resultAt(0).orElseThrow(ProblemException::notFound),
            all.resultAt(1), all.resultAt(2), all.resultAt(3)));
  }

  private static TeamView team(ChildAccess access, ChildRecord child, List<TeamMemberRecord> members,
      List<ConsentRecord> consentRecords, Map<String, Organisation> orgs) {
    Instant now = Instant.now();
    List<MemberView> shown = members.stream()
        .filter(m -> m.shownTo(access.historyFrom()))
        .map(m -> new MemberView(m, m.subject().equals(child.coordinatorSubject()),
            covered(m, consentRecords, now) ? Access.ACTIVE : Access.NO_CONSENT, orgs))
        .toList();
    return new TeamView(access.childId(),
        new TeamView.Contact(child.contactUsername(), child.contactName(), child.contactOrganisation()),
        access.historyFrom(), shown, orgs);
  }

  /** The ChildContact needs no consent; anyone else one in force that covers them now. */
  private static boolean covered(TeamMemberRecord m, List<ConsentRecord> consentRecords, Instant now) {
    return m.isChildContact() || ConsentCoverage.coversTeamMember(consentRecords, m.username(), m.organisation(), now);
  }

  /** A professional joining the team, as Keycloak knows them, with what their entry needs. */
  private record Joining(ChildAccess access, DirectoryUser person, Map<String, Organisation> orgs, DataKey key) {
    Optional<Organisation> organisation() {
      return person.organisation();
    }

    String alias() {
      return organisation().map(Organisation::alias).orElse(null);
    }
  }

  public Future<MemberView> add(ChildAccess access, MemberAddition addition) {
    return Future.all(DirectoryLookup.requireEnabledUser(directory, addition.username(), Role.PROFESSIONAL,
                u -> u.username() + " är inte en yrkesverksam i Samverkan och kan inte ingå i ett barnteam."),
            directory.organisations(), keys.keyFor(access.childId()))
        .compose(ready -> pool.withTransaction(tx -> add(tx, new Joining(access, ready.resultAt(0), ready.resultAt(1),
            ready.resultAt(2)))));
  }

  private Future<MemberView> add(SqlClient tx, Joining j) {
    UUID childId = j.access().childId();
    return children.lock(tx, childId)
        .compose(child -> admission(tx, j, child))
        .compose(consent -> consent.isEmpty()
            ? Future.failedFuture(consentRequired(j.person(), j.organisation()))
            : join(tx, j, consent.get()));
  }

  private Future<Optional<ConsentRecord>> admission(SqlClient tx, Joining j, ChildRecord child) {
    return Future.all(teams.activeByUsername(tx, child.id(), j.person().username()), consents.ofChild(tx, child.id()))
        .compose(state -> admission(tx, j, child, state.resultAt(0), state.resultAt(1)));
  }

  /**
   * The consent that admits the person, checked before anything about their membership is said. A
   * caller who took over without consent decides only on the consents they can read, and someone
   * already in the team whom they cannot see is admitted as if new: a 409, or a consent from before
   * their time, would tell them who worked with the child.
   */
  private Future<Optional<ConsentRecord>> admission(SqlClient tx, Joining j, ChildRecord child,
      Optional<TeamMemberRecord> existing, List<ConsentRecord> consentRecords) {
    Instant historyFrom = j.access().historyFrom();
    if (existing.isPresent() && existing.get().shownTo(historyFrom)) {
      return Future.failedFuture(new ProblemException(ProblemType.CONFLICT, j.person().username() + " ingår redan i barnets team."));
    }
    List<ConsentRecord> readable = consentRecords.stream().filter(c -> c.visibleFrom(historyFrom)).toList();
    Optional<ConsentRecord> consent = ConsentCoverage.covering(readable, j.person().username(), j.alias(),
        ConsentLevel.WRITTEN_UPDATED, Instant.now());
    if (consent.isEmpty() || existing.isEmpty()) {
      return Future.succeededFuture(consent);
    }
    // A membership the caller cannot see ends, so that the person joins anew as the caller sees it: from
    // now on, as a plain member (a coordinator appointment from before ends with it).
    return end(tx, child, existing.get(), EndReason.RENEWED, j.access().principal()).map(consent);
  }

  private Future<MemberView> join(SqlClient tx, Joining j, ConsentRecord consent) {
    DirectoryUser person = j.person();
    Principal who = j.access().principal();
    TeamMemberRecord member = new TeamMemberRecord(UUID.randomUUID(), j.access().childId(), UUID.fromString(person.id()),
        person.username(), person.name(), j.alias(), MemberRole.MEMBER, consent.id(), Instant.now(), who.username());
    String purpose = j.key().open(SealLabel.CONSENT_PURPOSE, consent.id(), consent.purposeSealed());
    Disclosure.Organisation org = j.organisation().map(o -> new Disclosure.Organisation(o.alias(), o.name())).orElse(null);
    Disclosure disclosure = Disclosure.teamMembership(member.childId(), "team-member:" + member.id(),
        "Tillagd i barnets team (Individuellt barnteam): teamets information om barnet blir tillgänglig.",
        Disclosure.Recipients.person(new Disclosure.Person(person.username(), person.name(), org)),
        purpose, Disclosure.LegalBasis.consent(consent.id()), Disclosure.sharedBy(who, j.orgs()));
    return teams.insert(tx, member)
        .compose(v -> sharingLog.append(tx, j.key(), disclosure))
        .map(entry -> new MemberView(member, false, Access.ACTIVE, j.orgs()));
  }

  private static ProblemException consentRequired(DirectoryUser person, Optional<Organisation> organisation) {
    String whom = person.name() + organisation.map(o -> " (" + o.name() + ")").orElse("");
    return new ProblemException(Problem.of(ProblemType.CONSENT_REQUIRED,
            "Inget gällande uppdaterat skriftligt samtycke omfattar " + whom
                + ". Registrera vårdnadshavarnas samtycke för personen eller organisationen först.")
        .with("requiredLevel", ConsentLevel.WRITTEN_UPDATED.name())
        .with("missing", new JsonObject()
            .put("username", person.username())
            .put("organisation", organisation.map(Organisation::alias).orElse(null))));
  }

  /** Ends a membership, and the child's coordinator appointment if the member held it. */
  private Future<Void> end(SqlClient tx, ChildRecord child, TeamMemberRecord member, EndReason reason, Principal who) {
    Future<Void> end = teams.end(tx, member.id(), reason, who.username());
    return member.subject().equals(child.coordinatorSubject())
        ? end.compose(v -> children.setCoordinator(tx, child.id(), null, null))
        : end;
  }

  /**
   * Ends a membership. The ChildContact or coordinator may remove anyone but the ChildContact;
   * a member may leave. Nothing already seen is unseen, but nothing new reaches them.
   */
  public Future<Void> remove(ChildAccess access, String username) {
    UUID childId = access.childId();
    return pool.withTransaction(tx -> children.lock(tx, childId).compose(child -> remove(tx, access, child, username)))
        .onSuccess(v -> eventBus.publish(EventAddresses.ACCESS_REVOKED, new JsonObject()
            .put("childId", childId.toString()).put("usernames", new JsonArray().add(username))));
  }

  private Future<Void> remove(SqlClient tx, ChildAccess access, ChildRecord child, String username) {
    Principal who = access.principal();
    EndReason reason = username.equals(who.username()) ? EndReason.LEFT : EndReason.REMOVED;
    return teams.activeByUsername(tx, child.id(), username)
        .compose(found -> removable(access, found))
        .compose(member -> end(tx, child, member, reason, who));
  }

  private static Future<TeamMemberRecord> removable(ChildAccess access, Optional<TeamMemberRecord> found) {
    if (found.isEmpty() || !found.get().shownTo(access.historyFrom())) {
      return Future.failedFuture(ProblemException.notFound());
    }
    if (found.get().isChildContact()) {
      return Future.failedFuture(new ProblemException(ProblemType.CONFLICT,
          "Barnkontakten kan inte tas bort ur teamet; lämna över ansvaret i stället."));
    }
    return Future.succeededFuture(found.get());
  }

  public Future<TeamView> appointCoordinator(ChildAccess access, CoordinatorAppointment appointment) {
    UUID childId = access.childId();
    String username = appointment.username();
    return pool.withTransaction(tx -> children.lock(tx, childId)
            .compose(child -> Future.all(teams.activeByUsername(tx, childId, username), consents.ofChild(tx, childId)))
            .compose(all -> appointable(access, username, all.resultAt(0), all.resultAt(1)))
            .compose(member -> children.setCoordinator(tx, childId, member.subject(), member.username())))
        .compose(v -> team(access));
  }

  private static Future<TeamMemberRecord> appointable(ChildAccess access, String username, Optional<TeamMemberRecord> found,
      List<ConsentRecord> consentRecords) {
    if (found.isEmpty() || !found.get().shownTo(access.historyFrom())) {
      return Future.failedFuture(new ProblemException(ProblemType.CONFLICT,
          username + " ingår inte i barnets team; lägg till personen först."));
    }
    TeamMemberRecord member = found.get();
    if (!covered(member, consentRecords, Instant.now())) {
      return Future.failedFuture(new ProblemException(ProblemType.CONSENT_REQUIRED,
          "Inget gällande samtycke omfattar " + member.displayName() + "."));
    }
    return Future.succeededFuture(member);
  }
}
