package se.samverkan.direct;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import se.samverkan.child.ChildRecord;
import se.samverkan.child.ChildRecords;
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
import se.samverkan.policy.DirectPolicy;
import se.samverkan.policy.DirectPolicy.DirectAccess;
import se.samverkan.shared.EventAddresses;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;
import se.samverkan.sharinglog.SharingLog;

/**
 * Conversations between two persons about one child: opening one (the same pair and child is one
 * conversation), the list with unread counts, sending (gap-free seq under the conversation row's
 * lock, idempotent by clientId, refused with the current devices when a copy is missing or
 * misdirected), a device's page of the history, read markers. The server sees only ciphertexts.
 */
public final class ConversationService {

  private final ConversationRepository conversations;
  private final DeviceRepository devices;
  private final DirectPolicy policy;
  private final KeycloakDirectory directory;
  private final ChildRecords children;
  private final KeyVault keys;
  private final DayLog dayLog;
  private final EventBus eventBus;

  /** The dependencies of the day's sharing-log entry. */
  public record Logging(ConsentRecords consents, SharingLog sharingLog) {
  }

  public ConversationService(Pool pool, DirectPolicy policy, KeycloakDirectory directory,
      ChildRecords children, KeyVault keys, Logging logging, EventBus eventBus) {
    this.conversations = new ConversationRepository(pool);
    this.devices = new DeviceRepository(pool);
    this.policy = policy;
    this.directory = directory;
    this.children = children;
    this.keys = keys;
    this.dayLog = new DayLog(conversations, logging.consents(), logging.sharingLog(), keys, directory);
    this.eventBus = eventBus;
  }

  /** The conversation opened or found, and whether it is new. */
  record Started(ConversationView view, boolean created) {
  }

  Future<Started> start(Principal who, UUID childId, String with) {
    if (with.equals(who.username())) {
      return Future.failedFuture(ProblemException.invalid("Du kan inte skriva till dig själv."));
    }
    return DirectoryLookup.requireEnabledUser(directory, with, Role.PROFESSIONAL,
            u -> u.username() + " är inte en yrkesverksam i Samverkan; direktmeddelanden är till för yrkesverksamma.")
        .compose(other -> policy.conversation(who, childId, People.of(other), DirectPolicy.Use.START)
            .compose(access -> open(who, childId, other, access)));
  }

  private Future<Started> open(Principal who, UUID childId, DirectoryUser other, DirectAccess access) {
    Conversation.Participant me = new Conversation.Participant(UUID.fromString(who.subject()), who.username(),
        who.name() == null ? who.username() : who.name(), who.organisation().orElse(null));
    Conversation.Participant them = new Conversation.Participant(UUID.fromString(other.id()), other.username(),
        other.name() == null ? other.username() : other.name(), other.organisation().map(Organisation::alias).orElse(null));
    return conversations.open(Conversation.between(UUID.randomUUID(), childId, me, them, Instant.now().truncatedTo(ChronoUnit.MICROS)))
        .compose(opened -> view(who, opened.conversation(), access).map(v -> new Started(v, opened.created())));
  }

  Future<List<ConversationView>> mine(Principal who) {
    UUID me = UUID.fromString(who.subject());
    return conversations.mine(me).compose(listed -> policy.conversations(who, listed.stream()
            .map(l -> new DirectPolicy.Pair(l.conversation().childId(), l.conversation().counterpartOf(me).party())).toList())
        .compose(access -> views(who, listed, access)));
  }

  private Future<List<ConversationView>> views(Principal who, List<ConversationRepository.Listed> listed,
      List<Optional<DirectAccess>> access) {
    UUID me = UUID.fromString(who.subject());
    List<Future<ConversationView>> out = new ArrayList<>();
    for (int i = 0; i < listed.size(); i++) {
      ConversationRepository.Listed l = listed.get(i);
      Optional<DirectAccess> a = access.get(i);
      a.ifPresent(d -> out.add(childName(l.conversation().childId()).map(name -> new ConversationView(l.conversation(),
          l.conversation().counterpartOf(me), name, l.unread(), d.open()))));
    }
    return Future.all(out).map(all -> all.<ConversationView>list());
  }

  private Future<ConversationView> view(Principal who, Conversation c, DirectAccess access) {
    UUID me = UUID.fromString(who.subject());
    return Future.all(childName(c.childId()), conversations.unread(c.id(), me))
        .map(both -> new ConversationView(c, c.counterpartOf(me), both.resultAt(0), both.<Long>resultAt(1), access.open()));
  }

  private Future<String> childName(UUID childId) {
    return Future.all(keys.keyFor(childId), children.find(conversations.pool(), childId))
        .map(both -> both.<DataKey>resultAt(0).open(SealLabel.CHILD_NAME, childId,
            both.<Optional<ChildRecord>>resultAt(1).orElseThrow().nameSealed()));
  }

  /** The caller's conversation with the policy's answer for {@code use} (404 for anyone not in it). */
  private Future<Accessed> access(Principal who, UUID conversationId, DirectPolicy.Use use) {
    UUID me = UUID.fromString(who.subject());
    return conversations.of(conversationId, me).compose(found -> found
        .map(c -> policy.conversation(who, c.childId(), c.counterpartOf(me).party(), use).map(a -> new Accessed(c, a)))
        .orElseGet(() -> Future.failedFuture(ProblemException.notFound())));
  }

  private record Accessed(Conversation conversation, DirectAccess access) {
  }

  /** The stored message, and whether this send stored it (false: the clientId was sent before). */
  record Sent(DirectMessage message, boolean created) {
  }

  Future<Sent> send(Principal who, UUID conversationId, DirectRequest.Send send) {
    UUID me = UUID.fromString(who.subject());
    return access(who, conversationId, DirectPolicy.Use.SEND)
        .compose(a -> devices.isActiveDeviceOf(me, send.senderDeviceId())
            .compose(mine -> mine ? Future.succeededFuture(a)
                : Future.failedFuture(DeviceService.unknownDevice("senderDeviceId är inte en av dina aktiva enheter."))))
        .compose(a -> conversations.pool().withTransaction(tx -> store(tx, who, a, send)))
        .onSuccess(sent -> {
          if (sent.created()) {
            fanOut(sent.message(), send);
          }
        });
  }

  private Future<Sent> store(SqlClient tx, Principal who, Accessed a, DirectRequest.Send send) {
    UUID me = UUID.fromString(who.subject());
    Conversation c = a.conversation();
    return conversations.lock(tx, c.id())
        .compose(locked -> conversations.byClientId(tx, c.id(), me, send.clientId()))
        .compose(before -> before.isPresent() ? Future.succeededFuture(new Sent(before.get(), false))
            : devices.activeOf(tx, List.of(c.a().subject(), c.b().subject()))
                .compose(required -> checked(required, send))
                .compose(v -> conversations.append(tx, UUID.randomUUID(), c.id(), me, who.username(), send.clientId(),
                    send.senderDeviceId()))
                .compose(m -> conversations.insertCopies(tx, m.id(), send.copies()).map(m))
                .compose(m -> dayLog.onSend(tx, c, a.access(), me, m).map(new Sent(m, true))));
  }

  private static Future<Void> checked(List<Device> required, DirectRequest.Send send) {
    Set<UUID> ids = new HashSet<>();
    required.forEach(d -> ids.add(d.id()));
    if (CopyCheck.fits(ids, send.senderDeviceId(), send.devices())) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(new ProblemException(Problem.of(ProblemType.DEVICE_LIST_CHANGED,
            "Kopiorna stämmer inte med mottagarnas och dina enheter. Kryptera till listan och skicka igen med samma clientId.")
        .with("devices", DirectJson.requiredDevices(required.stream().filter(d -> !d.id().equals(send.senderDeviceId())).toList()))));
  }

  private void fanOut(DirectMessage m, DirectRequest.Send send) {
    for (DirectRequest.Copy copy : send.copies()) {
      eventBus.publish(EventAddresses.directDevice(copy.target()), DirectJson.directFrame(m.withCopy(copy.enc(), copy.ciphertext())));
    }
  }

  /** A page for one of the caller's active devices, and whether more follow. */
  record Page(List<DirectMessage> messages, boolean hasMore) {
  }

  Future<Page> page(Principal who, UUID conversationId, DirectRequest.Page page) {
    UUID me = UUID.fromString(who.subject());
    return access(who, conversationId, DirectPolicy.Use.READ)
        .compose(a -> devices.isActiveDeviceOf(me, page.deviceId())
            .compose(mine -> mine ? conversations.page(conversationId, page.deviceId(), page.afterSeq(), page.limit() + 1)
                : Future.failedFuture(DeviceService.unknownDevice("deviceId är inte en av dina aktiva enheter."))))
        .map(rows -> new Page(rows.size() > page.limit() ? rows.subList(0, page.limit()) : rows, rows.size() > page.limit()));
  }

  Future<Void> markRead(Principal who, UUID conversationId, long seq) {
    return access(who, conversationId, DirectPolicy.Use.READ)
        .compose(a -> conversations.markRead(conversationId, UUID.fromString(who.subject()), seq));
  }

  /** For the list's organisation names; empty while Keycloak is down. */
  Future<Map<String, Organisation>> organisations() {
    return directory.organisationNames();
  }
}
