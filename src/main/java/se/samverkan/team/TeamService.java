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
import se.samverkan.identity.People;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.membership.TeamMemberRecord;
import se.samverkan.membership.TeamMemberships;
import se.samverkan.policy.AccessPolicy.ChildAccess;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.shared.EventAddresses;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;
import se.samverkan.sharinglog.Disclosure;
import se.samverkan.sharinglog.SharingLog;

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
  public Future<JsonObject> team(ChildAccess access) {
    return team(access.childId(), access.historyFrom());
  }

  private Future<JsonObject> team(UUID childId, Instant historyFrom) {
    return Future.all(children.find(pool, childId), teams.active(childId), consents.ofChild(childId),
            directory.organisations().otherwise(Map.of()))
        .map(all -> {
          ChildRecord child = all.<Optional<ChildRecord>>resultAt(0).orElseThrow(ProblemException::notFound);
          List<TeamMemberRecord> members = all.resultAt(1);
          List<ConsentRecord> consentRecords = all.resultAt(2);
          Map<String, Organisation> orgs = all.resultAt(3);
          Instant now = Instant.now();
          JsonArray list = new JsonArray();
          JsonObject coordinator = null;
          for (TeamMemberRecord m : members) {
            if (!m.shownTo(historyFrom)) {
              continue;
            }
            boolean coordinates = m.subject().equals(child.coordinatorSubject());
            boolean covered = m.isChildContact()
                || ConsentCoverage.coversTeamMember(consentRecords, m.username(), m.organisation(), now);
            JsonObject member = People.person(m.username(), m.displayName(), m.organisation(), orgs)
                .put("role", m.isChildContact() ? "CHILD_CONTACT" : coordinates ? "SUPPORT_COORDINATOR" : "MEMBER")
                .put("access", covered ? "ACTIVE" : "NO_CONSENT")
                .put("consentId", m.consentId() == null ? null : m.consentId().toString())
                .put("addedAt", m.addedAt().toString())
                .put("addedBy", m.addedBy());
            if (coordinates) {
              coordinator = People.person(m.username(), m.displayName(), m.organisation(), orgs);
            }
            list.add(member);
          }
          return new JsonObject()
              .put("childId", childId.toString())
              .put("childContact", People.person(child.contactUsername(), child.contactName(), child.contactOrganisation(), orgs))
              .put("supportCoordinator", coordinator)
              .put("historyFrom", historyFrom == null ? null : historyFrom.toString())
              .put("members", list);
        });
  }

  public Future<JsonObject> add(ChildAccess access, String username) {
    UUID childId = access.childId();
    Principal who = access.principal();
    return Future.all(DirectoryLookup.requireEnabledUser(directory, username, Role.PROFESSIONAL,
            u -> u.username() + " är inte en yrkesverksam i Samverkan och kan inte ingå i ett barnteam."),
        directory.organisations(), keys.keyFor(childId)).compose(ready -> {
      DirectoryUser person = ready.resultAt(0);
      Map<String, Organisation> orgs = ready.resultAt(1);
      DataKey key = ready.resultAt(2);
      Optional<Organisation> organisation = person.organisation();
      String alias = organisation.map(Organisation::alias).orElse(null);
      return pool.withTransaction(tx -> children.lock(tx, childId)
          .compose(child -> Future.all(teams.activeByUsername(tx, childId, person.username()), consents.ofChild(tx, childId))
              .compose(state -> admission(tx, access, child, person, alias, state.resultAt(0), state.resultAt(1))))
          .compose(consent -> {
            if (consent.isEmpty()) {
              return Future.failedFuture(consentRequired(person, organisation));
            }
            TeamMemberRecord member = new TeamMemberRecord(UUID.randomUUID(), childId, UUID.fromString(person.id()),
                person.username(), person.name(), alias, "MEMBER", consent.get().id(), Instant.now(), who.username());
            String purpose = key.open(SealLabel.CONSENT_PURPOSE, consent.get().id(), consent.get().purposeSealed());
            Disclosure.Organisation org = organisation.map(o -> new Disclosure.Organisation(o.alias(), o.name())).orElse(null);
            return teams.insert(tx, member)
                .compose(v -> sharingLog.append(tx, key, Disclosure.teamMembership(childId, "team-member:" + member.id(),
                    "Tillagd i barnets team (Individuellt barnteam): teamets information om barnet blir tillgänglig.",
                    Disclosure.Recipients.person(new Disclosure.Person(person.username(), person.name(), org)),
                    purpose, Disclosure.LegalBasis.consent(consent.get().id()), Disclosure.sharedBy(who, orgs))))
                .map(entry -> People.person(person.username(), person.name(), alias, orgs)
                    .put("role", "MEMBER")
                    .put("access", "ACTIVE")
                    .put("consentId", consent.get().id().toString())
                    .put("addedAt", member.addedAt().toString())
                    .put("addedBy", who.username()));
          }));
    });
  }

  /**
   * The consent that admits the person, checked before anything about their membership is said. A
   * caller who took over without consent decides only on the consents they can read, and someone
   * already in the team whom they cannot see is admitted as if new: a 409, or a consent from before
   * their time, would tell them who worked with the child.
   */
  private Future<Optional<ConsentRecord>> admission(SqlClient tx, ChildAccess access, ChildRecord child,
      DirectoryUser person, String alias, Optional<TeamMemberRecord> existing, List<ConsentRecord> consentRecords) {
    Instant historyFrom = access.historyFrom();
    if (existing.isPresent() && existing.get().shownTo(historyFrom)) {
      return Future.failedFuture(new ProblemException(ProblemType.CONFLICT, person.username() + " ingår redan i barnets team."));
    }
    List<ConsentRecord> readable = consentRecords.stream().filter(c -> c.visibleFrom(historyFrom)).toList();
    Optional<ConsentRecord> consent = ConsentCoverage.covering(readable, person.username(), alias,
        ConsentLevel.WRITTEN_UPDATED, Instant.now());
    if (consent.isEmpty() || existing.isEmpty()) {
      return Future.succeededFuture(consent);
    }
    return renewHidden(tx, child, existing.get(), access.principal()).map(consent);
  }

  /**
   * Ends a membership the caller cannot see so that the person joins anew, as the caller sees it: from
   * now on, as a plain member (a coordinator appointment from before ends with it).
   */
  private Future<Void> renewHidden(SqlClient tx, ChildRecord child, TeamMemberRecord hidden, Principal who) {
    Future<Void> end = teams.end(tx, hidden.id(), TeamMemberships.EndReason.RENEWED, who.username());
    return hidden.subject().equals(child.coordinatorSubject())
        ? end.compose(v -> children.setCoordinator(tx, child.id(), null, null))
        : end;
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

  /**
   * Ends a membership. The ChildContact or coordinator may remove anyone but the ChildContact;
   * a member may leave. Nothing already seen is unseen, but nothing new reaches them.
   */
  public Future<Void> remove(ChildAccess access, String username) {
    UUID childId = access.childId();
    Principal who = access.principal();
    boolean leaving = username.equals(who.username());
    return pool.withTransaction(tx -> children.lock(tx, childId)
            .compose(child -> teams.activeByUsername(tx, childId, username).compose(found -> {
              if (found.isEmpty()) {
                return Future.failedFuture(ProblemException.notFound());
              }
              TeamMemberRecord member = found.get();
              if (!member.shownTo(access.historyFrom())) {
                return Future.failedFuture(ProblemException.notFound());
              }
              if (member.isChildContact()) {
                return Future.failedFuture(new ProblemException(ProblemType.CONFLICT,
                    "Barnkontakten kan inte tas bort ur teamet; lämna över ansvaret i stället."));
              }
              Future<Void> end = teams.end(tx, member.id(),
                  leaving ? TeamMemberships.EndReason.LEFT : TeamMemberships.EndReason.REMOVED, who.username());
              if (member.subject().equals(child.coordinatorSubject())) {
                end = end.compose(v -> children.setCoordinator(tx, childId, null, null));
              }
              return end;
            })))
        .onSuccess(v -> eventBus.publish(EventAddresses.ACCESS_REVOKED, new JsonObject()
            .put("childId", childId.toString()).put("usernames", new JsonArray().add(username))));
  }

  public Future<JsonObject> appointCoordinator(ChildAccess access, String username) {
    UUID childId = access.childId();
    return pool.withTransaction(tx -> children.lock(tx, childId)
            .compose(child -> Future.all(teams.activeByUsername(tx, childId, username), consents.ofChild(tx, childId)))
            .compose(all -> {
              Optional<TeamMemberRecord> found = all.resultAt(0);
              List<ConsentRecord> consentRecords = all.resultAt(1);
              if (found.isEmpty() || !found.get().shownTo(access.historyFrom())) {
                return Future.failedFuture(new ProblemException(ProblemType.CONFLICT,
                    username + " ingår inte i barnets team; lägg till personen först."));
              }
              TeamMemberRecord member = found.get();
              boolean covered = member.isChildContact()
                  || ConsentCoverage.coversTeamMember(consentRecords, member.username(), member.organisation(), Instant.now());
              if (!covered) {
                return Future.failedFuture(new ProblemException(ProblemType.CONSENT_REQUIRED,
                    "Inget gällande samtycke omfattar " + member.displayName() + "."));
              }
              return children.setCoordinator(tx, childId, member.subject(), member.username());
            }))
        .compose(v -> team(access));
  }
}
