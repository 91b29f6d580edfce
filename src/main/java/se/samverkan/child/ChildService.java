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

  /** Registers a child with the caller as its ChildContact; the route has asked the policy whether they may. */
  public Future<ChildView> register(Principal who, ChildRegistration request) {
    UUID id = UUID.randomUUID();
    return Future.succeededFuture(request).map(r -> admitted(r, today()))
        .compose(admitted -> pool.withTransaction(tx -> keys.create(tx, id)
            .compose(key -> insertChild(tx, key, who, id, admitted))))
        .compose(x -> policy.registered(who, id))
        .compose(x -> view(new ChildAccess(id, who, TeamRole.CHILD_CONTACT, null, null)));
  }

  /** A registration checked against today and the care model, with the kind of ChildContact it gets. */
  private record Admission(ChildRegistration request, Optional<PersonalNumber> personalNumber, ContactKind contactKind) {
  }

  private Admission admitted(ChildRegistration request, LocalDate today) {
    Optional<PersonalNumber> personalNumber = request.personalNumberOn(today);
    Schooling schooling = Schooling.current(request.schooling(), today, request.birthDate(), today);
    Optional<ContactKind> kind = request.contactKind() != null ? Optional.of(request.contactKind())
        : careModel.expectedContact(request.birthDate(), schooling, today);
    if (kind.isEmpty()) {
      throw ProblemException.invalid(careModel.displayName()
          + " har ingen barnkontakt för ett barn med denna ålder och skolgång; ange contactKind.");
    }
    return new Admission(request, personalNumber, kind.get());
  }

  private Future<Void> insertChild(SqlConnection tx, DataKey key, Principal who, UUID id, Admission admitted) {
    ChildRegistration r = admitted.request();
    String pn = admitted.personalNumber().map(PersonalNumber::normalised).orElse(null);
    Schooling stated = r.schooling();
    ChildRecord record = new ChildRecord(id, key.seal(SealLabel.CHILD_NAME, id, r.name()), key.seal(SealLabel.CHILD_PERSONAL_NUMBER, id, pn),
        r.birthDate(), stated, stated == null ? null : clock.instant(), UUID.fromString(who.subject()), who.username(), who.name(),
        who.organisation().orElse(null), admitted.contactKind(), null, null, null, null, null);
    return children.insert(tx, record, who.username())
        .compose(x -> teams.insert(tx, new TeamMemberRecord(UUID.randomUUID(), id, UUID.fromString(who.subject()),
            who.username(), who.name(), who.organisation().orElse(null), MemberRole.CHILD_CONTACT, null, null, who.username())));
  }

  /** The records of these children, for a feature that has already been granted them. */
  public Future<List<ChildRecord>> records(List<UUID> ids) {
    return children.findAll(ids);
  }

  /** The child's record as the caller may see it. */
  public Future<ChildView> view(ChildAccess access) {
    UUID id = access.childId();
    return Future.all(children.find(pool, id), keys.keyFor(id), children.guardians(id), teams.active(id),
            directory.organisationNames())
        .map(all -> childView(access, all.<Optional<ChildRecord>>resultAt(0).orElseThrow(ProblemException::notFound),
            all.resultAt(1), all.resultAt(2), all.resultAt(3), all.resultAt(4)));
  }

  private ChildView childView(ChildAccess access, ChildRecord c, DataKey key, List<GuardianRow> guardians,
      List<TeamMemberRecord> members, Map<String, Organisation> orgs) {
    LocalDate today = today();
    Schooling schooling = c.schooling(today);
    Optional<ContactKind> expected = careModel.expectedContact(c.birthDate(), schooling, today);
    return new ChildView(summary(c, key, orgs, access.role()),
        key.open(SealLabel.CHILD_PERSONAL_NUMBER, c.id(), c.personalNumberSealed()),
        ageYears(c.birthDate(), today), schooling, schooling == c.statedSchooling(), expected.orElse(null),
        handoverDue(c, expected), coordinator(c, members, access.historyFrom()), access.historyFrom(),
        guardians.stream().map(g -> guardian(key, g)).toList());
  }

  public Future<List<ChildView.Summary>> list(Principal who) {
    return policy.childrenOf(who).compose(relations -> {
      Map<UUID, TeamRole> roles = new HashMap<>();
      relations.forEach(r -> roles.put(r.childId(), r.role()));
      return children.findAll(new ArrayList<>(roles.keySet())).compose(records -> {
        List<Future<ChildView.Summary>> summaries = new ArrayList<>();
        for (ChildRecord c : records) {
          summaries.add(keys.keyFor(c.id()).compose(key -> directory.organisationNames()
              .map(orgs -> summary(c, key, orgs, roles.get(c.id())))));
        }
        return Future.all(summaries).map(all -> all.<ChildView.Summary>list());
      });
    });
  }

  private static ChildView.Summary summary(ChildRecord c, DataKey key, Map<String, Organisation> orgs, TeamRole role) {
    return new ChildView.Summary(c, key.open(SealLabel.CHILD_NAME, c.id(), c.nameSealed()), role, orgs);
  }

  /** The SupportCoordinator, unless their membership is from before the caller's view of the history begins. */
  private static ChildView.Person coordinator(ChildRecord c, List<TeamMemberRecord> members, Instant historyFrom) {
    if (c.coordinatorSubject() == null) {
      return null;
    }
    Optional<TeamMemberRecord> member = members.stream().filter(m -> m.subject().equals(c.coordinatorSubject())).findFirst();
    if (member.isPresent() && !member.get().visibleFrom(historyFrom)) {
      return null;
    }
    return member.map(m -> new ChildView.Person(m.username(), m.displayName(), m.organisation()))
        .orElse(new ChildView.Person(c.coordinatorUsername(), c.coordinatorUsername(), null));
  }

  private static ChildView.Guardian guardian(DataKey key, GuardianRow g) {
    return new ChildView.Guardian(g.id(),
        key.open(SealLabel.GUARDIAN_NAME, g.id(), g.nameSealed()),
        key.open(SealLabel.GUARDIAN_EMAIL, g.id(), g.emailSealed()),
        key.open(SealLabel.GUARDIAN_PHONE, g.id(), g.phoneSealed()),
        g.accountUsername(key));
  }

  public Future<ChildView> update(ChildAccess access, ChildUpdate change) {
    return children.updateSchooling(access.childId(), change.schooling()).compose(v -> view(access));
  }

  /** Records a guardian; with {@code username}, links their account too (see {@link GuardianAccounts}). */
  public Future<ChildView.Guardian> addGuardian(ChildAccess access, GuardianAddition request) {
    Future<Optional<DirectoryUser>> account = request.username() == null ? Future.succeededFuture(Optional.empty())
        : guardianAccounts.matching(request.username(), request.email()).map(Optional::of);
    return Future.all(account, keys.keyFor(access.childId()), directory.organisationNames())
        .compose(ready -> insertGuardian(access, request, ready.resultAt(0), ready.resultAt(1), ready.resultAt(2)));
  }

  private Future<ChildView.Guardian> insertGuardian(ChildAccess access, GuardianAddition request, Optional<DirectoryUser> user,
      DataKey key, Map<String, Organisation> orgs) {
    UUID id = UUID.randomUUID();
    GuardianRow row = new GuardianRow(id, access.childId(),
        key.seal(SealLabel.GUARDIAN_NAME, id, request.name()),
        key.seal(SealLabel.GUARDIAN_EMAIL, id, request.email()),
        key.seal(SealLabel.GUARDIAN_PHONE, id, request.phone()),
        user.map(u -> UUID.fromString(u.id())).orElse(null),
        user.map(u -> key.seal(SealLabel.GUARDIAN_USERNAME, id, u.username())).orElse(null), null);
    return pool.withTransaction(tx -> children.insertGuardian(tx, row, access.principal().username())
            .compose(v -> user.isEmpty() ? Future.<Void>succeededFuture()
                : guardianAccounts.logLinked(tx, key, access, orgs, id, request.name(), user.get().username())))
        .map(v -> guardian(key, row));
  }

  public Future<Void> unlinkGuardianAccount(ChildAccess access, UUID guardianId) {
    return Future.all(keys.keyFor(access.childId()), directory.organisationNames())
        .compose(ready -> guardianAccounts.unlink(access, ready.resultAt(0), ready.resultAt(1), guardianId));
  }

  public Future<ChildView.Handover> handOver(ChildAccess access, HandoverRequest request) {
    return Future.all(DirectoryLookup.requireEnabledUser(directory, request.toUsername(), Role.CHILD_CONTACT,
        u -> u.username() + " har inte rollen barnkontakt."), directory.organisations())
        .compose(lookups -> handOverTo(access, request, lookups.resultAt(0), lookups.resultAt(1)));
  }

  private Future<ChildView.Handover> handOverTo(ChildAccess access, HandoverRequest request, DirectoryUser to,
      Map<String, Organisation> orgs) {
    Principal who = access.principal();
    UUID childId = access.childId();
    if (to.id().equals(who.subject())) {
      return Future.failedFuture(new ProblemException(ProblemType.CONFLICT, "Du är redan barnets barnkontakt."));
    }
    return keys.keyFor(childId)
        .compose(key -> pool.withTransaction(tx -> handOverIn(tx, key, access, request, to, orgs)))
        .onSuccess(done -> eventBus.publish(EventAddresses.ACCESS_REVOKED, new JsonObject()
            .put("childId", childId.toString()).put("usernames", new JsonArray().add(who.username()))));
  }

  private Future<ChildView.Handover> handOverIn(SqlConnection tx, DataKey key, ChildAccess access, HandoverRequest request,
      DirectoryUser to, Map<String, Organisation> orgs) {
    UUID childId = access.childId();
    String toOrg = to.organisation().map(Organisation::alias).orElse(null);
    return children.lock(tx, childId)
        .compose(child -> consents.coveringConsentId(tx, childId, to.username(), toOrg, ConsentLevel.WRITTEN)
            .compose(consent -> recordHandover(tx, key, access, request, to, orgs, child, consent)));
  }

  private Future<ChildView.Handover> recordHandover(SqlConnection tx, DataKey key, ChildAccess access, HandoverRequest request,
      DirectoryUser to, Map<String, Organisation> orgs, ChildRecord child, Optional<UUID> consent) {
    String reason = request.reason();
    Principal who = access.principal();
    UUID childId = access.childId();
    String toOrg = to.organisation().map(Organisation::alias).orElse(null);
    ContactKind toKind = request.contactKind() != null ? request.contactKind()
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
        .map(entry -> new ChildView.Handover(handoverId, childId, ChildView.Person.contactOf(child),
            new ChildView.Person(to.username(), to.name(), toOrg), child.contactKind(), toKind, now,
            consent.orElse(null), orgs));
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

  /** The caller's children whose ChildContact should change under the care model; each listing is logged. */
  public Future<List<ChildView.DueHandover>> dueHandovers(Principal who) {
    return policy.mayListHandovers(who)
        .compose(v -> children.contactedBy(UUID.fromString(who.subject())))
        .compose(records -> {
          LocalDate today = today();
          List<ChildRecord> due = records.stream()
              .filter(c -> handoverDue(c, careModel.expectedContact(c.birthDate(), c.schooling(today), today))).toList();
          List<Future<ChildView.DueHandover>> items = new ArrayList<>();
          for (ChildRecord c : due) {
            items.add(keys.keyFor(c.id()).map(key -> dueHandover(c, key, today)));
          }
          return Future.all(items)
              .compose(all -> policy.handoverListed(who, due.stream().map(ChildRecord::id).toList())
                  .map(x -> all.<ChildView.DueHandover>list()));
        });
  }

  private ChildView.DueHandover dueHandover(ChildRecord c, DataKey key, LocalDate today) {
    Optional<ContactKind> expected = careModel.expectedContact(c.birthDate(), c.schooling(today), today);
    String reason = expected.map(k -> careModel.displayName() + ": barnet bör nu ha " + careModel.labels().get(k) + ".")
        .orElse(careModel.displayName() + " har ingen barnkontakt för barnets ålder och skolgång; avsluta eller lämna över.");
    return new ChildView.DueHandover(c.id(), key.open(SealLabel.CHILD_NAME, c.id(), c.nameSealed()), c.birthDate(),
        ageYears(c.birthDate(), today), c.schooling(today), c.contactKind(), expected.orElse(null), reason);
  }

  /** Due when the care model expects another kind of ChildContact, or none at all, for the child now. */
  private static boolean handoverDue(ChildRecord c, Optional<ContactKind> expected) {
    return expected.map(k -> k != c.contactKind()).orElse(true);
  }

  /** The care model this deployment follows, for the route to render. */
  public CareModel careModel() {
    return careModel;
  }

  private static int ageYears(LocalDate birthDate, LocalDate today) {
    return birthDate.isAfter(today) ? 0 : Period.between(birthDate, today).getYears();
  }
}
