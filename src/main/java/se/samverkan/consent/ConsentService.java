package se.samverkan.consent;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.child.ChildRecord;
import se.samverkan.child.ChildRecords;
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

  public Future<JsonObject> record(ChildAccess access, JsonObject body) {
    UUID childId = access.childId();
    Principal who = access.principal();
    ConsentLevel level = ConsentLevel.valueOf(body.getString("level"));
    List<String> givenBy = strings(body.getJsonArray("givenBy")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    List<String> organisations = new ArrayList<>(new LinkedHashSet<>(strings(body.getJsonArray("organisations"))));
    List<String> persons = new ArrayList<>(new LinkedHashSet<>(strings(body.getJsonArray("persons"))));
    String purpose = body.getString("purpose").trim();
    List<ExternalPerson> externalPersons = ExternalPerson.fromJson(body.getJsonArray("externalPersons"));
    if (givenBy.isEmpty()) {
      return Future.failedFuture(ProblemException.invalid("Ange vem eller vilka som gav samtycket."));
    }
    if (organisations.isEmpty() && persons.isEmpty() && externalPersons.isEmpty()) {
      return Future.failedFuture(ProblemException.invalid("Ett samtycke måste nämna minst en organisation eller person."));
    }
    Instant validUntil;
    try {
      validUntil = body.getString("validUntil") == null ? null : OffsetDateTime.parse(body.getString("validUntil")).toInstant();
    } catch (DateTimeParseException e) {
      return Future.failedFuture(ProblemException.invalid("validUntil måste vara en tidpunkt med tidszon, t.ex. 2027-06-30T23:59:59+02:00."));
    }
    if (validUntil != null && !validUntil.isAfter(Instant.now())) {
      return Future.failedFuture(ProblemException.invalid("Giltighetstiden har redan passerat."));
    }
    List<Future<DirectoryUser>> lookups = new ArrayList<>();
    for (String username : persons) {
      lookups.add(DirectoryLookup.requireUser(directory, username, Role.PROFESSIONAL,
          u -> username + " är inte en yrkesverksam i Samverkan."));
    }
    return Future.all(directory.organisations(), Future.all(lookups)).compose(all -> {
      Map<String, Organisation> orgs = all.resultAt(0);
      for (String alias : organisations) {
        if (!orgs.containsKey(alias)) {
          return Future.failedFuture(new ProblemException(ProblemType.UNKNOWN_ORGANISATION,
              "Det finns ingen organisation " + alias + "."));
        }
      }
      JsonArray details = new JsonArray();
      for (Object o : all.<io.vertx.core.CompositeFuture>resultAt(1).list()) {
        DirectoryUser u = (DirectoryUser) o;
        details.add(People.person(u.username(), u.name(), u.organisation().map(Organisation::alias).orElse(null), orgs));
      }
      UUID id = UUID.randomUUID();
      return keys.keyFor(childId).compose(key -> pool.withTransaction(tx -> children.lock(tx, childId)
              .compose(child -> Future.all(teams.active(tx, childId), consents.ofChild(tx, childId)).compose(before -> {
                List<TeamMemberRecord> uncovered = uncovered(before.resultAt(0), before.resultAt(1));
                return consents.insert(tx, id, childId, level,
                        key.seal(SealLabel.CONSENT_GIVEN_BY, id, new JsonArray(givenBy).encode()),
                        body.getBoolean("childParticipated", false), organisations, persons,
                        key.seal(SealLabel.CONSENT_PERSONS, id, details.encode()),
                        key.seal(SealLabel.CONSENT_PURPOSE, id, purpose), validUntil, UUID.fromString(who.subject()), who.username(),
                        ExternalPerson.seal(key, id, externalPersons))
                    .compose(v -> consents.find(tx, childId, id))
                    .map(Optional::orElseThrow)
                    .compose(recorded -> restoreAccess(tx, key, access, child, recorded, uncovered, purpose, orgs).map(recorded));
              })))
          .map(recorded -> toJson(recorded, key, orgs)));
    });
  }

  /** The active team members (not the ChildContact) whom none of these consents covers now. */
  private static List<TeamMemberRecord> uncovered(List<TeamMemberRecord> members, List<ConsentRecord> consentRecords) {
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
  private Future<Void> restoreAccess(SqlClient tx, DataKey key, ChildAccess access, ChildRecord child, ConsentRecord recorded,
      List<TeamMemberRecord> uncovered, String purpose, Map<String, Organisation> orgs) {
    Principal who = access.principal();
    List<TeamMemberRecord> restored = uncovered.stream()
        .filter(m -> ConsentCoverage.coversTeamMember(List.of(recorded), m.username(), m.organisation(), Instant.now()))
        .toList();
    List<Future<Void>> ends = new ArrayList<>();
    List<TeamMemberRecord> shown = new ArrayList<>();
    for (TeamMemberRecord m : restored) {
      if (m.shownTo(access.historyFrom())) {
        shown.add(m);
        continue;
      }
      ends.add(teams.end(tx, m.id(), TeamMemberships.EndReason.LAPSED, who.username()));
      if (m.subject().equals(child.coordinatorSubject())) {
        ends.add(children.setCoordinator(tx, child.id(), null, null));
      }
    }
    return Future.all(ends).compose(v -> logRestoredAccess(tx, key, recorded, shown, purpose, who, orgs));
  }

  private Future<Void> logRestoredAccess(SqlClient tx, DataKey key, ConsentRecord recorded, List<TeamMemberRecord> restored,
      String purpose, Principal who, Map<String, Organisation> orgs) {
    if (restored.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Disclosure.Person> persons = restored.stream().map(m -> new Disclosure.Person(m.username(), m.displayName(),
        m.organisation() == null ? null : new Disclosure.Organisation(m.organisation(), orgName(orgs, m.organisation())))).toList();
    List<Disclosure.Organisation> organisations = persons.stream().map(Disclosure.Person::organisation)
        .filter(java.util.Objects::nonNull).distinct().toList();
    return sharingLog.append(tx, key, Disclosure.teamMembership(recorded.childId(), "consent:" + recorded.id(),
        "Ett nytt samtycke gav dessa personer i barnets team (Individuellt barnteam) tillgång till teamets information om barnet igen.",
        new Disclosure.Recipients(persons, organisations), purpose, Disclosure.LegalBasis.consent(recorded.id()),
        Disclosure.sharedBy(who, orgs))).mapEmpty();
  }

  /** Every consent on record for the child, as the family sees them. */
  public Future<JsonObject> list(UUID childId) {
    return list(childId, null);
  }

  /**
   * The consents as the caller may see them. For a ChildContact who took over without a consent that
   * lets information move ({@code historyFrom} set), the consents recorded before then are listed
   * without their content — whom they name and why would tell which organisations work with the
   * child — but with id, level, validity and status, so a withdrawal the guardians ask for can still
   * be recorded.
   */
  public Future<JsonObject> list(UUID childId, Instant historyFrom) {
    return Future.all(keys.keyFor(childId), consents.ofChild(childId), directory.organisations().otherwise(Map.of()))
        .map(all -> {
          DataKey key = all.resultAt(0);
          List<ConsentRecord> records = all.resultAt(1);
          Map<String, Organisation> orgs = all.resultAt(2);
          JsonArray out = new JsonArray();
          for (ConsentRecord r : records) {
            out.add(asSeen(r, key, orgs, historyFrom));
          }
          return new JsonObject().put("consents", out)
              .put("historyFrom", historyFrom == null ? null : historyFrom.toString());
        });
  }

  /** A consent as someone who sees the child's history from {@code historyFrom} on may see it. */
  private JsonObject asSeen(ConsentRecord r, DataKey key, Map<String, Organisation> orgs, Instant historyFrom) {
    return r.visibleFrom(historyFrom) ? toJson(r, key, orgs) : restricted(r);
  }

  private static JsonObject restricted(ConsentRecord r) {
    Instant now = Instant.now();
    return new JsonObject()
        .put("id", r.id().toString())
        .put("level", r.level().name())
        .put("restricted", true)
        .put("givenBy", new JsonArray())
        .put("childParticipated", r.childParticipated())
        .put("organisations", new JsonArray())
        .put("persons", new JsonArray())
        .put("externalPersons", new JsonArray())
        .put("purpose", null)
        .put("validFrom", r.validFrom().toString())
        .put("validUntil", r.validUntil() == null ? null : r.validUntil().toString())
        .put("recordedBy", null)
        .put("recordedAt", r.recordedAt().toString())
        .put("status", r.status(now).name())
        .put("withdrawal", r.withdrawnAt() == null ? null : new JsonObject().put("at", r.withdrawnAt().toString()));
  }

  public Future<JsonObject> withdraw(ChildAccess access, UUID consentId, String reason) {
    UUID childId = access.childId();
    Principal who = access.principal();
    List<String> revoked = new ArrayList<>();
    return Future.all(keys.keyFor(childId), directory.organisations().otherwise(Map.of())).compose(ready -> {
      DataKey key = ready.resultAt(0);
      Map<String, Organisation> orgs = ready.resultAt(1);
      return pool.withTransaction(tx -> children.lock(tx, childId)
              .compose(child -> consents.find(tx, childId, consentId).compose(found -> {
                if (found.isEmpty()) {
                  return Future.failedFuture(ProblemException.notFound());
                }
                if (found.get().withdrawnAt() != null) {
                  return Future.failedFuture(new ProblemException(ProblemType.CONFLICT, "Samtycket är redan återkallat."));
                }
                return consents.withdraw(tx, consentId, UUID.fromString(who.subject()), who.username(),
                        key.seal(SealLabel.CONSENT_WITHDRAWAL_REASON, consentId, reason.trim()))
                    .compose(v -> endUncoveredMembers(tx, child.id(), child.coordinatorSubject(), who, revoked))
                    .compose(ended -> sharingLog.append(tx, key,
                        withdrawal(access, consentId, reason.trim(), ended, orgs)))
                    .compose(entry -> consents.find(tx, childId, consentId));
              })))
          // Published even when no member lost access: people invited to the child's meetings on this
          // consent may have (the meeting reconciliation listens).
          .onSuccess(v -> eventBus.publish(EventAddresses.ACCESS_REVOKED, new JsonObject().put("childId", childId.toString())
              .put("usernames", new JsonArray(revoked))))
          // The answer shows no more than the list does: a consent from before a responsibility-only
          // handover stays restricted, withdrawn or not.
          .map(found -> asSeen(found.orElseThrow(), key, orgs, access.historyFrom()));
    });
  }

  /**
   * The withdrawal's sharing-log entry, naming whom it ended. The caller reads the entry too: for a
   * ChildContact who took over without consent it names only the memberships they see in the team,
   * in words that do not tell whether anyone else lost access (the earlier entries that admitted
   * people under this consent still name them for the family).
   */
  private static Disclosure withdrawal(ChildAccess access, UUID consentId, String reason, List<TeamMemberRecord> ended,
      Map<String, Organisation> orgs) {
    Instant historyFrom = access.historyFrom();
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
    return Disclosure.consentWithdrawn(access.childId(), consentId, what,
        named.stream().map(m -> new Disclosure.Person(m.username(), m.displayName(),
            m.organisation() == null ? null
                : new Disclosure.Organisation(m.organisation(), orgName(orgs, m.organisation())))).toList(),
        reason, Disclosure.sharedBy(access.principal(), orgs));
  }

  /** Ends the memberships that no consent in force covers any more; returns them. */
  private Future<List<TeamMemberRecord>> endUncoveredMembers(SqlClient tx, UUID childId, UUID coordinator, Principal who,
      List<String> revoked) {
    return Future.all(teams.active(tx, childId), consents.ofChild(tx, childId)).compose(all -> {
      List<TeamMemberRecord> members = all.resultAt(0);
      List<ConsentRecord> remaining = all.resultAt(1);
      Instant now = Instant.now();
      List<TeamMemberRecord> uncovered = new ArrayList<>();
      for (TeamMemberRecord m : members) {
        if (m.isChildContact()) {
          continue;
        }
        if (!ConsentCoverage.coversTeamMember(remaining, m.username(), m.organisation(), now)) {
          uncovered.add(m);
        }
      }
      List<Future<Void>> ends = new ArrayList<>();
      for (TeamMemberRecord m : uncovered) {
        revoked.add(m.username());
        ends.add(teams.end(tx, m.id(), TeamMemberships.EndReason.CONSENT_WITHDRAWN, who.username()));
        if (m.subject().equals(coordinator)) {
          ends.add(children.setCoordinator(tx, childId, null, null));
        }
      }
      return Future.all(ends).map(uncovered);
    });
  }

  JsonObject toJson(ConsentRecord r, DataKey key, Map<String, Organisation> orgs) {
    Instant now = Instant.now();
    JsonArray organisations = new JsonArray();
    r.organisations().forEach(alias -> organisations.add(People.organisation(alias, orgs)));
    JsonObject json = new JsonObject()
        .put("id", r.id().toString())
        .put("level", r.level().name())
        .put("givenBy", new JsonArray(key.open(SealLabel.CONSENT_GIVEN_BY, r.id(), r.givenBySealed())))
        .put("childParticipated", r.childParticipated())
        .put("organisations", organisations)
        .put("persons", new JsonArray(key.open(SealLabel.CONSENT_PERSONS, r.id(), r.personDetailsSealed())))
        .put("externalPersons", externalPersonsJson(r, key))
        .put("purpose", key.open(SealLabel.CONSENT_PURPOSE, r.id(), r.purposeSealed()))
        .put("validFrom", r.validFrom().toString())
        .put("validUntil", r.validUntil() == null ? null : r.validUntil().toString())
        .put("recordedBy", People.person(r.recordedBy(), r.recordedBy(), null, orgs))
        .put("recordedAt", r.recordedAt().toString())
        .put("restricted", false)
        .put("status", r.status(now).name());
    if (r.withdrawnAt() != null) {
      json.put("withdrawal", new JsonObject()
          .put("at", r.withdrawnAt().toString())
          .put("by", People.person(r.withdrawnBy(), r.withdrawnBy(), null, orgs))
          .put("reason", key.open(SealLabel.CONSENT_WITHDRAWAL_REASON, r.id(), r.withdrawalReasonSealed())));
    } else {
      json.put("withdrawal", (Object) null);
    }
    return json;
  }

  private static JsonArray externalPersonsJson(ConsentRecord r, DataKey key) {
    JsonArray out = new JsonArray();
    r.externalPersons(key).forEach(p -> out.add(p.toJson()));
    return out;
  }

  private static String orgName(Map<String, Organisation> orgs, String alias) {
    return orgs.containsKey(alias) ? orgs.get(alias).name() : alias;
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(o -> out.add(String.valueOf(o)));
    }
    return out;
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
