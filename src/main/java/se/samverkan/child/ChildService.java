package se.samverkan.child;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.caremodel.CareModel;
import se.samverkan.caremodel.ContactKind;
import se.samverkan.caremodel.Schooling;
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
import se.samverkan.membership.MemberRole;
import se.samverkan.membership.TeamMemberRecord;
import se.samverkan.membership.TeamMemberships;
import se.samverkan.policy.AccessPolicy.ChildAccess;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.TeamRole;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.shared.EventAddresses;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;
import se.samverkan.sharinglog.Disclosure;
import se.samverkan.sharinglog.SharingLog;

/**
 * Children: registration by a ChildContact, the child's record and guardians, schooling, and the
 * age-driven handover of the ChildContact role under the active care model.
 */
public final class ChildService {

  static final ZoneId SWEDEN = ChildRecord.SWEDEN;

  private final Pool pool;
  private final KeyVault keys;
  private final AccessPolicy policy;
  private final KeycloakDirectory directory;
  private final ChildRepository children;
  private final TeamMemberships teams;
  private final HandoverConsent consents;
  private final SharingLog sharingLog;
  private final CareModel careModel;
  private final Clock clock;
  private final io.vertx.core.eventbus.EventBus eventBus;
  private final GuardianAccounts guardianAccounts;

  public ChildService(Pool pool, KeyVault keys, AccessPolicy policy, KeycloakDirectory directory, ChildRepository children,
      TeamMemberships teams, HandoverConsent consents, SharingLog sharingLog, CareModel careModel, Clock clock,
      io.vertx.core.eventbus.EventBus eventBus) {
    this.pool = pool;
    this.keys = keys;
    this.policy = policy;
    this.directory = directory;
    this.children = children;
    this.teams = teams;
    this.consents = consents;
    this.sharingLog = sharingLog;
    this.careModel = careModel;
    this.clock = clock;
    this.eventBus = eventBus;
    this.guardianAccounts = new GuardianAccounts(pool, directory, children, sharingLog);
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(SWEDEN));
  }

  public Future<JsonObject> register(Principal who, JsonObject body) {
    return policy.mayRegisterChild(who).compose(v -> {
      LocalDate today = today();
      String name = body.getString("name").trim();
      if (name.isEmpty()) {
        return Future.failedFuture(ProblemException.invalid("Barnets namn saknas."));
      }
      LocalDate birthDate = parseDate(body.getString("birthDate"));
      if (birthDate.isBefore(today.minusYears(25)) || birthDate.isAfter(today.plusMonths(10))) {
        return Future.failedFuture(ProblemException.invalid("Födelsedatumet ligger utanför det som stödet avser."));
      }
      PersonalNumber personalNumber = null;
      if (body.getString("personalNumber") != null) {
        personalNumber = PersonalNumber.parse(body.getString("personalNumber"), today).orElseThrow(() ->
            ProblemException.invalid("Personnumret är inte giltigt (datum eller kontrollsiffra stämmer inte)."));
        if (!personalNumber.birthDate().equals(birthDate)) {
          return Future.failedFuture(ProblemException.invalid("Personnumret stämmer inte med födelsedatumet."));
        }
      }
      Schooling stated = body.getString("schooling") == null ? null : Schooling.valueOf(body.getString("schooling"));
      Schooling schooling = Schooling.current(stated, today, birthDate, today);
      Optional<ContactKind> kind = body.getString("contactKind") != null
          ? Optional.of(ContactKind.valueOf(body.getString("contactKind")))
          : careModel.expectedContact(birthDate, schooling, today);
      if (kind.isEmpty()) {
        return Future.failedFuture(ProblemException.invalid(careModel.displayName()
            + " har ingen barnkontakt för ett barn med denna ålder och skolgång; ange contactKind."));
      }
      UUID id = UUID.randomUUID();
      String pn = personalNumber == null ? null : personalNumber.normalised();
      return pool.withTransaction(tx -> keys.create(tx, id).compose(key -> {
            ChildRecord record = new ChildRecord(id, key.seal(SealLabel.CHILD_NAME, id, name), key.seal(SealLabel.CHILD_PERSONAL_NUMBER, id, pn),
                birthDate, stated, stated == null ? null : clock.instant(), UUID.fromString(who.subject()), who.username(), who.name(),
                who.organisation().orElse(null), kind.get(), null, null, null, null, null);
            return children.insert(tx, record, who.username())
                .compose(x -> teams.insert(tx, new TeamMemberRecord(UUID.randomUUID(), id, UUID.fromString(who.subject()),
                    who.username(), who.name(), who.organisation().orElse(null), MemberRole.CHILD_CONTACT, null, null, who.username())));
          }))
          .compose(x -> policy.registered(who, id))
          .compose(x -> view(new ChildAccess(id, who, TeamRole.CHILD_CONTACT, null, null)));
    });
  }

  /** The child's record as the caller may see it. */
  /** The records of these children, for a feature that has already been granted them. */
  public Future<List<ChildRecord>> records(List<UUID> ids) {
    return children.findAll(ids);
  }

  public Future<JsonObject> view(ChildAccess access) {
    UUID id = access.childId();
    return Future.all(children.find(pool, id), keys.keyFor(id), children.guardians(id), teams.active(id),
            directory.organisations().otherwise(Map.of()))
        .map(all -> {
          ChildRecord c = all.<Optional<ChildRecord>>resultAt(0).orElseThrow(ProblemException::notFound);
          DataKey key = all.resultAt(1);
          List<GuardianRow> guardians = all.resultAt(2);
          List<TeamMemberRecord> members = all.resultAt(3);
          Map<String, Organisation> orgs = all.resultAt(4);
          JsonObject json = summary(c, key, orgs, access.role());
          LocalDate today = today();
          Schooling schooling = c.schooling(today);
          Optional<ContactKind> expected = careModel.expectedContact(c.birthDate(), schooling, today);
          json.put("personalNumber", key.open(SealLabel.CHILD_PERSONAL_NUMBER, id, c.personalNumberSealed()))
              .put("ageYears", ageYears(c.birthDate(), today))
              .put("schooling", schooling.name())
              .put("schoolingStated", schooling == c.statedSchooling())
              .put("contactKind", c.contactKind().name())
              .put("expectedContactKind", expected.map(Enum::name).orElse(null))
              .put("handoverDue", expected.map(k -> k != c.contactKind()).orElse(true))
              .put("supportCoordinator", coordinator(c, members, orgs, access.historyFrom()))
              .put("historyFrom", access.historyFrom() == null ? null : access.historyFrom().toString())
              .put("guardians", guardiansJson(key, guardians))
              .put("createdAt", c.createdAt().toString());
          return json;
        });
  }

  public Future<JsonObject> list(Principal who) {
    return policy.childrenOf(who).compose(relations -> {
      Map<UUID, TeamRole> roles = new HashMap<>();
      relations.forEach(r -> roles.put(r.childId(), r.role()));
      return children.findAll(new ArrayList<>(roles.keySet())).compose(records -> {
        List<Future<JsonObject>> summaries = new ArrayList<>();
        for (ChildRecord c : records) {
          summaries.add(keys.keyFor(c.id()).compose(key -> directory.organisations().otherwise(Map.of())
              .map(orgs -> summary(c, key, orgs, roles.get(c.id())))));
        }
        return Future.all(summaries).map(all -> new JsonObject().put("children", new JsonArray(all.list())));
      });
    });
  }

  private JsonObject summary(ChildRecord c, DataKey key, Map<String, Organisation> orgs, TeamRole role) {
    return new JsonObject()
        .put("id", c.id().toString())
        .put("name", key.open(SealLabel.CHILD_NAME, c.id(), c.nameSealed()))
        .put("birthDate", c.birthDate().toString())
        .put("myRole", role.name())
        .put("childContact", People.person(c.contactUsername(), c.contactName(), c.contactOrganisation(), orgs));
  }

  /** The SupportCoordinator, unless their membership is from before the caller's view of the history begins. */
  private static JsonObject coordinator(ChildRecord c, List<TeamMemberRecord> members, Map<String, Organisation> orgs,
      Instant historyFrom) {
    if (c.coordinatorSubject() == null) {
      return null;
    }
    Optional<TeamMemberRecord> member = members.stream().filter(m -> m.subject().equals(c.coordinatorSubject())).findFirst();
    if (member.isPresent() && !member.get().visibleFrom(historyFrom)) {
      return null;
    }
    return member.map(m -> People.person(m.username(), m.displayName(), m.organisation(), orgs))
        .orElse(People.person(c.coordinatorUsername(), c.coordinatorUsername(), null, orgs));
  }

  private static JsonArray guardiansJson(DataKey key, List<GuardianRow> guardians) {
    JsonArray out = new JsonArray();
    for (GuardianRow g : guardians) {
      out.add(guardianJson(key, g));
    }
    return out;
  }

  static JsonObject guardianJson(DataKey key, GuardianRow g) {
    return new JsonObject()
        .put("id", g.id().toString())
        .put("name", key.open(SealLabel.GUARDIAN_NAME, g.id(), g.nameSealed()))
        .put("email", key.open(SealLabel.GUARDIAN_EMAIL, g.id(), g.emailSealed()))
        .put("phone", key.open(SealLabel.GUARDIAN_PHONE, g.id(), g.phoneSealed()))
        .put("username", g.accountUsername(key));
  }

  public Future<JsonObject> update(ChildAccess access, JsonObject body) {
    Schooling schooling = Schooling.valueOf(body.getString("schooling"));
    return children.updateSchooling(access.childId(), schooling).compose(v -> view(access));
  }

  /** Records a guardian; with {@code username}, links their account too (see {@link GuardianAccounts}). */
  public Future<JsonObject> addGuardian(ChildAccess access, JsonObject body) {
    String username = body.getString("username");
    String email = body.getString("email").trim();
    Future<Optional<DirectoryUser>> account = username == null ? Future.succeededFuture(Optional.empty())
        : guardianAccounts.matching(username, email).map(Optional::of);
    return Future.all(account, keys.keyFor(access.childId()), directory.organisations().otherwise(Map.of())).compose(ready -> {
      Optional<DirectoryUser> user = ready.resultAt(0);
      DataKey key = ready.resultAt(1);
      Map<String, Organisation> orgs = ready.resultAt(2);
      UUID id = UUID.randomUUID();
      String name = body.getString("name").trim();
      GuardianRow row = new GuardianRow(id, access.childId(),
          key.seal(SealLabel.GUARDIAN_NAME, id, name),
          key.seal(SealLabel.GUARDIAN_EMAIL, id, email),
          key.seal(SealLabel.GUARDIAN_PHONE, id, body.getString("phone")),
          user.map(u -> UUID.fromString(u.id())).orElse(null),
          user.map(u -> key.seal(SealLabel.GUARDIAN_USERNAME, id, u.username())).orElse(null), null);
      return pool.withTransaction(tx -> children.insertGuardian(tx, row, access.principal().username())
              .compose(v -> user.isEmpty() ? Future.<Void>succeededFuture()
                  : guardianAccounts.logLinked(tx, key, access, orgs, id, name, user.get().username())))
          .map(v -> guardianJson(key, row));
    });
  }

  public Future<Void> unlinkGuardianAccount(ChildAccess access, UUID guardianId) {
    return Future.all(keys.keyFor(access.childId()), directory.organisations().otherwise(Map.of()))
        .compose(ready -> guardianAccounts.unlink(access, ready.resultAt(0), ready.resultAt(1), guardianId));
  }

  public Future<JsonObject> handOver(ChildAccess access, JsonObject body) {
    String toUsername = body.getString("toUsername");
    return Future.all(DirectoryLookup.requireEnabledUser(directory, toUsername, Role.CHILD_CONTACT,
        u -> u.username() + " har inte rollen barnkontakt."), directory.organisations())
        .compose(lookups -> handOverTo(access, body, lookups.resultAt(0), lookups.resultAt(1)));
  }

  private Future<JsonObject> handOverTo(ChildAccess access, JsonObject body, DirectoryUser to,
      Map<String, Organisation> orgs) {
    Principal who = access.principal();
    UUID childId = access.childId();
    if (to.id().equals(who.subject())) {
      return Future.failedFuture(new ProblemException(ProblemType.CONFLICT, "Du är redan barnets barnkontakt."));
    }
    return keys.keyFor(childId)
        .compose(key -> pool.withTransaction(tx -> handOverIn(tx, key, access, body, to, orgs)))
        .onSuccess(json -> eventBus.publish(EventAddresses.ACCESS_REVOKED, new JsonObject()
            .put("childId", childId.toString()).put("usernames", new JsonArray().add(who.username()))));
  }

  private Future<JsonObject> handOverIn(SqlConnection tx, DataKey key, ChildAccess access, JsonObject body,
      DirectoryUser to, Map<String, Organisation> orgs) {
    UUID childId = access.childId();
    String toOrg = to.organisation().map(Organisation::alias).orElse(null);
    return children.lock(tx, childId)
        .compose(child -> consents.coveringConsentId(tx, childId, to.username(), toOrg, ConsentLevel.WRITTEN)
            .compose(consent -> recordHandover(tx, key, access, body, to, orgs, child, consent)));
  }

  private Future<JsonObject> recordHandover(SqlConnection tx, DataKey key, ChildAccess access, JsonObject body,
      DirectoryUser to, Map<String, Organisation> orgs, ChildRecord child, Optional<UUID> consent) {
    String reason = body.getString("reason").trim();
    Principal who = access.principal();
    UUID childId = access.childId();
    String toOrg = to.organisation().map(Organisation::alias).orElse(null);
    ContactKind toKind = body.getString("contactKind") != null
        ? ContactKind.valueOf(body.getString("contactKind"))
        : careModel.expectedContact(child.birthDate(), child.schooling(today()), today()).orElse(child.contactKind());
    boolean transferred = consent.isPresent();
    // On the sharing log's millisecond grid: its entries carry whole milliseconds, and the
    // handover's own entry must not fall before the history it opens.
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    UUID handoverId = UUID.randomUUID();
    Map<String, Object> row = HandoverRows.row(key, handoverId, child, to, toOrg, toKind, reason, consent, now);
    Disclosure disclosure = HandoverRows.disclosure(childId, handoverId, to, reason, consent,
        Disclosure.sharedBy(who, orgs));
    return endMembershipsOnHandover(tx, childId, to, who)
        .compose(x -> children.changeContact(tx, childId, UUID.fromString(to.id()), to.username(), to.name(),
            toOrg, toKind, transferred ? null : now))
        .compose(x -> teams.insert(tx, new TeamMemberRecord(UUID.randomUUID(), childId, UUID.fromString(to.id()),
            to.username(), to.name(), toOrg, MemberRole.CHILD_CONTACT, consent.orElse(null), now,
            who.username())))
        .compose(x -> children.insertHandover(tx, row))
        .compose(x -> sharingLog.append(tx, key, disclosure))
        .map(entry -> new JsonObject()
            .put("id", handoverId.toString())
            .put("childId", childId.toString())
            .put("from", People.person(child.contactUsername(), child.contactName(), child.contactOrganisation(), orgs))
            .put("to", People.person(to.username(), to.name(), toOrg, orgs))
            .put("fromKind", child.contactKind().name())
            .put("toKind", toKind.name())
            .put("at", now.toString())
            .put("informationTransferred", transferred)
            .put("consentId", consent.map(UUID::toString).orElse(null)));
  }

  /** The old child contact leaves the team, and so does the recipient's own earlier membership. */
  private Future<?> endMembershipsOnHandover(SqlConnection tx, UUID childId, DirectoryUser to, Principal who) {
    return teams.active(tx, childId)
        .compose(members -> {
          List<Future<Void>> ends = new ArrayList<>();
          for (TeamMemberRecord m : members) {
            if (m.isChildContact() || m.username().equals(to.username())) {
              ends.add(teams.end(tx, m.id(), TeamMemberships.EndReason.HANDOVER, who.username()));
            }
          }
          return Future.all(ends);
        });
  }

  public Future<JsonObject> dueHandovers(Principal who) {
    return policy.mayListHandovers(who)
        .compose(v -> children.contactedBy(UUID.fromString(who.subject())))
        .compose(records -> {
          LocalDate today = today();
          List<ChildRecord> due = new ArrayList<>();
          for (ChildRecord c : records) {
            Optional<ContactKind> expected = careModel.expectedContact(c.birthDate(), c.schooling(today), today);
            if (expected.isEmpty() || expected.get() != c.contactKind()) {
              due.add(c);
            }
          }
          List<Future<JsonObject>> items = new ArrayList<>();
          for (ChildRecord c : due) {
            Optional<ContactKind> expected = careModel.expectedContact(c.birthDate(), c.schooling(today), today);
            items.add(keys.keyFor(c.id()).map(key -> new JsonObject()
                .put("childId", c.id().toString())
                .put("name", key.open(SealLabel.CHILD_NAME, c.id(), c.nameSealed()))
                .put("birthDate", c.birthDate().toString())
                .put("ageYears", ageYears(c.birthDate(), today))
                .put("schooling", c.schooling(today).name())
                .put("currentKind", c.contactKind().name())
                .put("expectedKind", expected.map(Enum::name).orElse(null))
                .put("reason", expected.map(k -> careModel.displayName() + ": barnet bör nu ha " + careModel.labels().get(k) + ".")
                    .orElse(careModel.displayName() + " har ingen barnkontakt för barnets ålder och skolgång; avsluta eller lämna över."))));
          }
          return Future.all(items)
              .compose(all -> policy.handoverListed(who, due.stream().map(ChildRecord::id).toList())
                  .map(x -> new JsonObject().put("handovers", new JsonArray(all.list()))));
        });
  }

  public JsonObject careModelJson() {
    JsonArray kinds = new JsonArray();
    careModel.labels().forEach((kind, label) -> kinds.add(new JsonObject().put("kind", kind.name()).put("label", label)));
    return new JsonObject()
        .put("id", careModel.id())
        .put("name", careModel.displayName())
        .put("contactTitle", careModel.contactTitle())
        .put("source", careModel.source())
        .put("contactKinds", kinds);
  }

  private static int ageYears(LocalDate birthDate, LocalDate today) {
    return birthDate.isAfter(today) ? 0 : Period.between(birthDate, today).getYears();
  }

  private static LocalDate parseDate(String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new ProblemException(Problem.of(ProblemType.INVALID_REQUEST, "Ogiltigt datum: " + value + "."));
    }
  }
}
