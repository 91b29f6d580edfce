package se.samverkan.direct;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.consent.ConsentCoverage;
import se.samverkan.consent.ConsentRecord;
import se.samverkan.consent.ConsentRecords;
import se.samverkan.crypto.KeyVault;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.Organisation;
import se.samverkan.policy.DirectPolicy.DirectAccess;
import se.samverkan.policy.TeamRole;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.sharinglog.Disclosure;
import se.samverkan.sharinglog.SharingLog;

/**
 * The sharing-log entry of a conversation-day: the first message of a Swedish calendar day writes,
 * in the send's transaction (under the conversation row's lock, so exactly once), who wrote to
 * whom about the child and under which consents. Never the content, which the server cannot read.
 */
final class DayLog {

  static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");

  private final ConversationRepository conversations;
  private final ConsentRecords consents;
  private final SharingLog sharingLog;
  private final KeyVault keys;
  private final KeycloakDirectory directory;

  DayLog(ConversationRepository conversations, ConsentRecords consents, SharingLog sharingLog, KeyVault keys,
      KeycloakDirectory directory) {
    this.conversations = conversations;
    this.consents = consents;
    this.sharingLog = sharingLog;
    this.keys = keys;
    this.directory = directory;
  }

  Future<Void> onSend(SqlClient tx, Conversation c, DirectAccess access, UUID sender, DirectMessage m) {
    LocalDate day = m.sentAt().atZone(SWEDEN).toLocalDate();
    return conversations.dayLogged(tx, c.id(), day)
        .compose(logged -> logged ? Future.succeededFuture() : write(tx, c, access, sender, day));
  }

  private Future<Void> write(SqlClient tx, Conversation c, DirectAccess access, UUID sender, LocalDate day) {
    return Future.all(consents.ofChild(tx, c.childId()), keys.keyFor(c.childId()), directory.organisationNames())
        .compose(all -> {
          List<ConsentRecord> records = all.resultAt(0);
          Map<String, Organisation> orgs = all.resultAt(2);
          Conversation.Participant from = c.party(sender);
          Conversation.Participant to = c.counterpartOf(sender);
          UUID fromBasis = basis(records, from, access.mine().role());
          UUID toBasis = basis(records, to, access.counterpart().orElse(TeamRole.MEMBER));
          Disclosure entry = Disclosure.directConversation(c.childId(), c.id(), day, person(from, orgs), fromBasis,
              person(to, orgs), toBasis);
          return sharingLog.append(tx, all.resultAt(1), entry);
        })
        .compose(entry -> conversations.logDay(tx, c.id(), day, entry.logIndex()));
  }

  /** The consent covering a party; none for the ChildContact, who needs none. */
  private static UUID basis(List<ConsentRecord> records, Conversation.Participant p, TeamRole role) {
    if (role == TeamRole.CHILD_CONTACT) {
      return null;
    }
    Optional<ConsentRecord> covering = ConsentCoverage.covering(records, p.username(), p.organisation(),
        ConsentLevel.WRITTEN_UPDATED, java.time.Instant.now());
    return covering.map(ConsentRecord::id).orElse(null);
  }

  private static Disclosure.Person person(Conversation.Participant p, Map<String, Organisation> orgs) {
    Disclosure.Organisation org = p.organisation() == null ? null
        : new Disclosure.Organisation(p.organisation(), orgs.containsKey(p.organisation()) ? orgs.get(p.organisation()).name()
            : p.organisation());
    return new Disclosure.Person(p.username(), p.name(), org);
  }
}
