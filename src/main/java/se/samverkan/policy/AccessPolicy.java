package se.samverkan.policy;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.policy.AccessDecision.Need;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.shared.ProblemException;
import se.samverkan.store.Rows;

/**
 * The one place that answers "may this person do this with this child's information?", and writes
 * every answer to the access log.
 *
 * <ul>
 *   <li>A professional relates to a child as its ChildContact, its SupportCoordinator, or a team
 *       member. A member counts only while a WRITTEN_UPDATED consent in force covers them (by name
 *       or organisation): withdrawal or expiry takes effect on the very next request.</li>
 *   <li>No relation (or no such child) is 404, so that strangers cannot learn that a child exists;
 *       a relation that lacks the right (a member managing the team) is 403.</li>
 *   <li>Roles are checked first and answered with 403 whatever the child: a security-admin never
 *       reads child content, a guardian only through the family view.</li>
 * </ul>
 */
public final class AccessPolicy {

  public enum Action implements LoggedAction {
    CHILD_READ("child.read", Need.READ),
    CHILD_UPDATE("child.update", Need.MANAGE),
    GUARDIAN_ADD("guardian.add", Need.MANAGE),
    GUARDIAN_UNLINK("guardian.unlink", Need.MANAGE),
    CONSENT_READ("consent.read", Need.READ),
    CONSENT_RECORD("consent.record", Need.MANAGE),
    CONSENT_WITHDRAW("consent.withdraw", Need.MANAGE),
    TEAM_READ("team.read", Need.READ),
    TEAM_ADD("team.add", Need.MANAGE),
    TEAM_REMOVE("team.remove", Need.MANAGE),
    TEAM_LEAVE("team.leave", Need.READ),
    COORDINATOR_APPOINT("team.coordinator", Need.CHILD_CONTACT),
    HANDOVER("child.handover", Need.CHILD_CONTACT),
    SHARING_LOG_READ("sharing-log.read", Need.READ),
    SHARING_RECORD("sharing-log.record", Need.READ),
    MESSAGES_READ("messages.read", Need.READ),
    MESSAGES_SEND("messages.send", Need.READ),
    MEETINGS_READ("meetings.read", Need.READ),
    MEETING_SCHEDULE("meeting.schedule", Need.MANAGE);

    private final String logName;
    private final Need need;

    Action(String logName, Need need) {
      this.logName = logName;
      this.need = need;
    }

    @Override
    public String logName() {
      return logName;
    }

    @Override
    public ActionKind kind() {
      return switch (this) {
        case CHILD_READ, CONSENT_READ, TEAM_READ, SHARING_LOG_READ, MESSAGES_READ, MEETINGS_READ -> ActionKind.READ;
        case CHILD_UPDATE, GUARDIAN_ADD, GUARDIAN_UNLINK, CONSENT_RECORD, CONSENT_WITHDRAW, TEAM_REMOVE, TEAM_LEAVE,
             COORDINATOR_APPOINT, MESSAGES_SEND, MEETING_SCHEDULE -> ActionKind.CHANGE;
        // A new member, a new ChildContact, a recorded sharing: the information reaches someone new.
        case TEAM_ADD, HANDOVER, SHARING_RECORD -> ActionKind.DISCLOSE;
      };
    }
  }

  /** Actions decided by the caller's role (for a guardian, also their link to the child) rather than a team relation. */
  public enum RoleAction implements LoggedAction {
    CHILD_LIST("child.list"),
    CHILD_REGISTER("child.register"),
    HANDOVER_LIST("handover.list"),
    FAMILY_LIST("family.list"),
    FAMILY_SHARING_LOG("family.sharing-log"),
    FAMILY_CONSENTS("family.consents"),
    ACCESS_LOG_QUERY("access-log.query"),
    SERVER_STATUS_READ("server-status.read");

    private final String logName;

    RoleAction(String logName) {
      this.logName = logName;
    }

    @Override
    public String logName() {
      return logName;
    }

    @Override
    public ActionKind kind() {
      return switch (this) {
        case CHILD_LIST, HANDOVER_LIST, FAMILY_LIST, FAMILY_SHARING_LOG, FAMILY_CONSENTS, ACCESS_LOG_QUERY,
             SERVER_STATUS_READ -> ActionKind.READ;
        case CHILD_REGISTER -> ActionKind.CHANGE;
      };
    }
  }

  /**
   * A granted access.
   *
   * @param historyFrom earliest moment of the child's history the caller may see (null: all);
   *                    set for a ChildContact who received only the responsibility in a handover
   * @param memberSince when the caller joined the team (null for the ChildContact)
   * @param coveredUntil when the consent that lets the caller in runs out: the latest {@code valid_until}
   *                    among the WRITTEN_UPDATED consents in force that cover them; null when one of
   *                    them has no end, and for the ChildContact (who needs no consent)
   */
  public record ChildAccess(UUID childId, Principal principal, TeamRole role, Instant historyFrom, Instant memberSince,
                            Instant coveredUntil) {
    public ChildAccess(UUID childId, Principal principal, TeamRole role, Instant historyFrom, Instant memberSince) {
      this(childId, principal, role, historyFrom, memberSince, null);
    }

    public boolean isChildContact() {
      return role == TeamRole.CHILD_CONTACT;
    }
  }

  /** A child in the caller's list, with the caller's relation. */
  public record Relation(UUID childId, TeamRole role) {
  }

  private final Pool pool;
  private final AccessLog log;

  public AccessPolicy(Pool pool, AccessLog log) {
    this.pool = pool;
    this.log = log;
  }

  // Package-private: only the policy (with its MeetingSight) writes the access log.
  AccessLog log() {
    return log;
  }

  /**
   * A professional registered a child and so became its ChildContact: logged as granted, since no
   * relation existed to check before the child did.
   */
  public Future<Void> registered(Principal who, UUID childId) {
    return log.append(who, RoleAction.CHILD_REGISTER, childId, PolicyTexts.purpose(TeamRole.CHILD_CONTACT), AccessLog.Outcome.GRANTED);
  }

  /** The ChildContact read the list of their children due for a handover: one row per child. */
  public Future<Void> handoverListed(Principal who, List<UUID> childIds) {
    return log.appendAll(who, RoleAction.HANDOVER_LIST, childIds, PolicyTexts.purpose(TeamRole.CHILD_CONTACT));
  }

  /** The access log as a security-admin queries it (loggkontroll); the caller took the scope from {@link #accessLogScope}. */
  public Future<List<AccessLog.Entry>> accessLog(AccessLog.Filter filter) {
    return log.query(filter);
  }

  /**
   * Whose accesses the caller may review ({@link AccessLogScope}): the organisation alias to filter on,
   * or null for all; 403 for anyone but a security admin, and for another organisation than their own.
   */
  public Future<String> accessLogScope(Principal who, LoggedAction action, String requestedOrganisation) {
    String organisation;
    try {
      organisation = AccessLogScope.of(who, requestedOrganisation).orElse(null);
    } catch (ProblemException refusal) {
      return deny(who, action, null, refusal);
    }
    return log.append(who, action, null, "Loggkontroll", AccessLog.Outcome.GRANTED).map(v -> organisation);
  }

  /** A professional's access to one child, for one action; logged either way. */
  public Future<ChildAccess> professional(Principal who, UUID childId, Action action) {
    if (!who.has(Role.PROFESSIONAL)) {
      return deny(who, action, childId, PolicyTexts.roleRefusal(who));
    }
    return pool.preparedQuery(AccessQueries.RELATION)
        .execute(Tuple.of(childId, UUID.fromString(who.subject()), who.organisation().orElse(null), who.username()))
        .compose(rows -> decide(who, childId, action, rows));
  }

  private Future<ChildAccess> decide(Principal who, UUID childId, Action action, RowSet<Row> rows) {
    Optional<RelationFacts> relation = first(rows).map(RelationFacts::from);
    return switch (AccessDecision.professional(UUID.fromString(who.subject()), relation, action.need)) {
      case AccessDecision.Denied denied -> deny(who, action, childId, new ProblemException(denied.refusal()));
      case AccessDecision.Granted g -> log.append(who, action, childId, PolicyTexts.purpose(g.role()), AccessLog.Outcome.GRANTED)
          .map(new ChildAccess(childId, who, g.role(), g.historyFrom(), g.memberSince(), g.coveredUntil()));
    };
  }

  private static Optional<Row> first(RowSet<Row> rows) {
    return rows.iterator().hasNext() ? Optional.of(rows.iterator().next()) : Optional.empty();
  }

  /**
   * A caller's basis, now, to see a meeting through one child it takes up.
   *
   * @param role the caller's relation to the child when the basis is TEAM, else null
   */
  public record MeetingAccess(UUID childId, MeetingBasis.Basis basis, TeamRole role) {
  }

  /**
   * Whether the caller may, now, see a meeting through one of its children ({@link MeetingBasis}),
   * logged either way under {@code action}. The organiser is asked like anyone else: organising a
   * meeting once is no basis. A ChildContact who received the child without consent ({@link
   * ChildAccess#historyFrom()}) sees a meeting made before the handover only if invited to it.
   *
   * @param level the consent level the meeting's kind needs of an invited professional
   */
  public Future<Optional<MeetingAccess>> meetingAccess(Principal who, UUID childId, LoggedAction action,
      MeetingBasis.Invitation invitation, ConsentLevel level, Instant meetingCreated) {
    Future<TeamRole> team = who.has(Role.PROFESSIONAL) ? meetingTeamRole(who, childId, invitation, meetingCreated)
        : Future.succeededFuture(null);
    return team.compose(role -> role != null
            ? Future.succeededFuture(new MeetingBasis.Facts(role, false, false, false))
            : invitedFacts(who, childId, invitation, level))
        .compose(facts -> {
          Optional<MeetingBasis.Basis> basis = MeetingBasis.of(invitation.as(), facts);
          if (basis.isEmpty()) {
            return log.append(who, action, childId, null, AccessLog.Outcome.DENIED).map(Optional.<MeetingAccess>empty());
          }
          String purpose = switch (basis.get()) {
            case TEAM -> PolicyTexts.purpose(facts.teamRole());
            case CONSENT -> "Inbjuden till möte (samtycke)";
            case FAMILY -> "Inbjuden till möte (vårdnadshavare)";
          };
          return log.append(who, action, childId, purpose, AccessLog.Outcome.GRANTED)
              .map(Optional.of(new MeetingAccess(childId, basis.get(), facts.teamRole())));
        });
  }

  /** What a caller without sight of a meeting is told: 404 for a professional, the role's 403 for anyone else. */
  public ProblemException meetingRefusal(Principal who) {
    return who.has(Role.PROFESSIONAL) ? ProblemException.notFound() : PolicyTexts.roleRefusal(who);
  }

  private Future<TeamRole> meetingTeamRole(Principal who, UUID childId, MeetingBasis.Invitation invitation,
      Instant meetingCreated) {
    UUID me = UUID.fromString(who.subject());
    return pool.preparedQuery(AccessQueries.RELATION)
        .execute(Tuple.of(childId, me, who.organisation().orElse(null), who.username()))
        .map(rows -> AccessDecision.meetingTeamRole(me, first(rows).map(RelationFacts::from), invitation.invited(), meetingCreated)
            .orElse(null));
  }

  private Future<MeetingBasis.Facts> invitedFacts(Principal who, UUID childId, MeetingBasis.Invitation invitation,
      ConsentLevel level) {
    UUID me = UUID.fromString(who.subject());
    return switch (invitation.as()) {
      case PROFESSIONAL -> !who.has(Role.PROFESSIONAL) ? Future.succeededFuture(NO_FACTS)
          : pool.preparedQuery(AccessQueries.INVITED_PROFESSIONAL)
              .execute(Tuple.of(childId, me, ConsentRule.levelsSatisfying(level), who.organisation().orElse(null), who.username(),
                  OffsetDateTime.ofInstant(invitation.since(), java.time.ZoneOffset.UTC)))
              .map(rows -> {
                Row row = rows.iterator().next();
                return new MeetingBasis.Facts(null, row.getBoolean("covered"), false, row.getBoolean("left_team"));
              });
      case GUARDIAN -> !who.has(Role.GUARDIAN) ? Future.succeededFuture(NO_FACTS)
          : pool.preparedQuery("SELECT 1 FROM guardian WHERE child_id = $1 AND user_subject = $2")
              .execute(Tuple.of(childId, me))
              .map(rows -> new MeetingBasis.Facts(null, false, rows.size() > 0, false));
      default -> Future.succeededFuture(NO_FACTS);
    };
  }

  private static final MeetingBasis.Facts NO_FACTS = new MeetingBasis.Facts(null, false, false, false);

  /** The children a professional may see, each logged as read (the list shows their names). */
  public Future<List<Relation>> childrenOf(Principal who) {
    if (!who.has(Role.PROFESSIONAL)) {
      return deny(who, RoleAction.CHILD_LIST, null, PolicyTexts.roleRefusal(who));
    }
    UUID me = UUID.fromString(who.subject());
    return pool.preparedQuery(AccessQueries.RELATIONS)
        .mapping(RelationFacts::listed)
        .execute(Tuple.of(me, who.organisation().orElse(null), who.username()))
        .compose(rows -> {
          List<Relation> relations = new ArrayList<>();
          rows.forEach(r -> AccessDecision.teamRole(me, r).ifPresent(role -> relations.add(new Relation(r.childId(), role))));
          return log.appendAll(who, RoleAction.CHILD_LIST, relations.stream().map(Relation::childId).toList(), "Mina barn")
              .map(relations);
        });
  }

  /** Registering a child needs the child-contact role. */
  public Future<Void> mayRegisterChild(Principal who) {
    if (!who.has(Role.CHILD_CONTACT) || !who.has(Role.PROFESSIONAL)) {
      return deny(who, RoleAction.CHILD_REGISTER, null, ProblemException.forbidden("Bara en barnkontakt kan registrera barn."));
    }
    return Future.succeededFuture();
  }

  /** Listing one's due handovers needs the child-contact role. */
  public Future<Void> mayListHandovers(Principal who) {
    if (!who.has(Role.CHILD_CONTACT)) {
      return deny(who, RoleAction.HANDOVER_LIST, null, ProblemException.forbidden("Bara en barnkontakt har överlämningar."));
    }
    return Future.succeededFuture();
  }

  /** A guardian reading their own child's family view; a child not theirs is 404. */
  public Future<Void> guardian(Principal who, UUID childId, RoleAction action) {
    if (!who.has(Role.GUARDIAN)) {
      return deny(who, action, childId, ProblemException.forbidden("Familjevyn är till för vårdnadshavare."));
    }
    return pool.preparedQuery("SELECT 1 FROM guardian WHERE child_id = $1 AND user_subject = $2")
        .execute(Tuple.of(childId, UUID.fromString(who.subject())))
        .compose(rows -> rows.size() == 0
            ? deny(who, action, childId, ProblemException.notFound())
            : log.append(who, action, childId, "Vårdnadshavares insyn", AccessLog.Outcome.GRANTED));
  }

  /** A guardian listing their children: each listed child is logged. */
  public Future<List<UUID>> childrenOfGuardian(Principal who) {
    if (!who.has(Role.GUARDIAN)) {
      return deny(who, RoleAction.FAMILY_LIST, null, ProblemException.forbidden("Familjevyn är till för vårdnadshavare."));
    }
    return pool.preparedQuery("SELECT DISTINCT child_id FROM guardian WHERE user_subject = $1")
        .mapping(r -> r.getUUID("child_id"))
        .execute(Tuple.of(UUID.fromString(who.subject())))
        .map(Rows::list)
        .compose(ids -> log.appendAll(who, RoleAction.FAMILY_LIST, ids, "Vårdnadshavares insyn").map(ids));
  }

  /** Loggkontroll: security-admins only. */
  public Future<Void> securityAdmin(Principal who, RoleAction action) {
    if (!who.has(Role.SECURITY_ADMIN)) {
      return deny(who, action, null, ProblemException.forbidden("Loggkontroll är till för säkerhetsadministratörer."));
    }
    return log.append(who, action, null, "Loggkontroll", AccessLog.Outcome.GRANTED);
  }

  /** The node's process figures (heap, connections): security-admins only, like the access log. */
  public Future<Void> serverStatus(Principal who) {
    if (!who.has(Role.SECURITY_ADMIN)) {
      return deny(who, RoleAction.SERVER_STATUS_READ, null,
          ProblemException.forbidden("Serverns driftuppgifter är till för säkerhetsadministratörer."));
    }
    return log.append(who, RoleAction.SERVER_STATUS_READ, null, "Driftövervakning", AccessLog.Outcome.GRANTED);
  }

  /** Issue 13: the caller's scope over the admin endpoints; 403 for anyone who is not a security admin. */
  public Future<AdminScope> adminScope(Principal who) {
    AdminScope scope = AdminScope.of(who);
    return scope.isAdmin() ? Future.succeededFuture(scope) : Future.failedFuture(ProblemException.forbidden(
        "Säkerhetsadministrationen är till för säkerhetsadministratörer."));
  }

  /** 403 unless the caller manages the person (their organisation is in scope; see AdminScope#mayManage). */
  public Future<Void> mayManagePerson(Principal who, String organisation, boolean countyAdmin) {
    return AdminScope.mayManage(who, organisation, countyAdmin) ? Future.succeededFuture()
        : Future.failedFuture(ProblemException.forbidden("Personen hör inte till en organisation du administrerar."));
  }

  /** 403 unless the caller may grant or revoke this role for a person of that organisation. */
  public Future<Void> mayGrantRole(Principal who, String organisation, Role role) {
    return AdminScope.mayGrant(who, organisation, role) ? Future.succeededFuture()
        : Future.failedFuture(ProblemException.forbidden(role == Role.SECURITY_ADMIN
            ? "Bara länets samordnande säkerhetsteam kan ge eller ta bort rollen säkerhetsadministratör."
            : "Personen hör inte till en organisation du administrerar."));
  }

  /** 403 unless a listing of this organisation (null: every one) is in the caller's scope; the filter to use. */
  public Future<String> adminListing(Principal who, String organisation) {
    return adminScope(who).compose(scope -> {
      if (organisation == null) {
        return Future.succeededFuture(scope.filter());
      }
      return scope.covers(organisation) ? Future.succeededFuture(organisation)
          : Future.failedFuture(ProblemException.forbidden("Organisationen är inte en du administrerar."));
    });
  }

  private <T> Future<T> deny(Principal who, LoggedAction action, UUID childId, ProblemException refusal) {
    return log.append(who, action, childId, null, AccessLog.Outcome.DENIED)
        .transform(ar -> Future.failedFuture(refusal));
  }
}
