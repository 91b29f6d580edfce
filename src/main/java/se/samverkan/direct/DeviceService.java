package se.samverkan.direct;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.Principal;
import se.samverkan.policy.DirectPolicy;
import se.samverkan.shared.EventAddresses;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;

/**
 * A person's devices (browsers with a key pair), the devices of those they share a child with,
 * verification marks, and history copies for a new device. Device changes are told, after they
 * commit, to the owner's other devices and to every correspondent's devices.
 */
public final class DeviceService {

  static final int MAX_ACTIVE_DEVICES = 10;
  static final int MAX_HISTORY_COPIES = 500;

  private final DeviceRepository devices;
  private final DirectPolicy policy;
  private final KeycloakDirectory directory;
  private final EventBus eventBus;

  DeviceService(DeviceRepository devices, DirectPolicy policy, KeycloakDirectory directory, EventBus eventBus) {
    this.devices = devices;
    this.policy = policy;
    this.directory = directory;
    this.eventBus = eventBus;
  }

  public DeviceService(Pool pool, DirectPolicy policy, KeycloakDirectory directory, EventBus eventBus) {
    this(new DeviceRepository(pool), policy, directory, eventBus);
  }

  /** The port the WebSocket gateway asks before it subscribes a socket to a device's frames. */
  public Future<Boolean> isActiveDeviceOf(Principal who, UUID deviceId) {
    return devices.isActiveDeviceOf(UUID.fromString(who.subject()), deviceId);
  }

  Future<Device> register(Principal who, DirectRequest.NewDevice request) {
    UUID owner = UUID.fromString(who.subject());
    Device device = new Device(UUID.randomUUID(), owner, who.username(), request.key(), request.key().fingerprint(),
        request.label(), Instant.now().truncatedTo(ChronoUnit.MICROS), null);
    return policy.ownDevices(who)
        .compose(v -> devices.pool().withTransaction(tx -> devices.lockOwner(tx, owner)
            .compose(x -> devices.active(tx, owner))
            .compose(active -> active.size() >= MAX_ACTIVE_DEVICES
                ? Future.failedFuture(new ProblemException(ProblemType.CONFLICT,
                    "Du har redan " + MAX_ACTIVE_DEVICES + " enheter. Ta bort en innan du lägger till en ny."))
                : devices.insert(tx, device).map(active))))
        .compose(others -> announceAdded(device, others).map(device));
  }

  private Future<Void> announceAdded(Device device, List<Device> others) {
    others.forEach(d -> publish(d.id(), DirectJson.deviceAddedFrame(device)));
    return devices.counterpartDevices(device.ownerSubject()).map(notices -> {
      notices.forEach(n -> publish(n.deviceId(),
          DirectJson.devicesFrame(n.conversationId(), device.ownerUsername(), "added", device.id())));
      return null;
    });
  }

  Future<List<Device>> mine(Principal who) {
    return policy.ownDevices(who).compose(v -> devices.active(devices.pool(), UUID.fromString(who.subject())));
  }

  Future<Void> remove(Principal who, UUID deviceId) {
    return policy.ownDevices(who)
        .compose(v -> devices.remove(UUID.fromString(who.subject()), deviceId))
        .compose(removed -> removed.map(this::announceRemoved).orElseGet(() -> Future.failedFuture(ProblemException.notFound())));
  }

  private Future<Void> announceRemoved(Device device) {
    publish(device.id(), DirectJson.deviceRemovedFrame(device.id()));
    return devices.counterpartDevices(device.ownerSubject()).map(notices -> {
      notices.forEach(n -> publish(n.deviceId(),
          DirectJson.devicesFrame(n.conversationId(), device.ownerUsername(), "removed", device.id())));
      return null;
    });
  }

  /** Someone's active devices, with the caller's verification marks: only for themselves or someone they share a child with. */
  Future<UserDevices> ofUser(Principal who, String username) {
    return People.named(directory, who, username)
        .compose(party -> policy.sharesChild(who, party).map(party))
        .compose(party -> devices.active(devices.pool(), party.subject()))
        .compose(list -> devices.verifiedBy(UUID.fromString(who.subject()), list.stream().map(Device::id).toList())
            .map(verified -> new UserDevices(list, new HashSet<>(verified))));
  }

  record UserDevices(List<Device> devices, Set<UUID> verified) {
  }

  /** Marks (or unmarks) one of someone's active devices as compared by the caller. */
  Future<Void> setVerified(Principal who, String username, UUID deviceId, boolean verified) {
    UUID me = UUID.fromString(who.subject());
    return People.named(directory, who, username)
        .compose(party -> policy.sharesChild(who, party).map(party))
        .compose(party -> devices.isActiveDeviceOf(party.subject(), deviceId))
        .compose(active -> !active ? Future.failedFuture(ProblemException.notFound())
            : verified ? devices.verify(me, deviceId) : devices.unverify(me, deviceId));
  }

  /**
   * Copies of messages of the caller's conversations, sealed on one of their devices for another
   * (new) one of theirs; a copy the new device already has is kept.
   */
  Future<Integer> addHistory(Principal who, UUID deviceId, DirectRequest.History history) {
    UUID me = UUID.fromString(who.subject());
    if (history.copies().size() > MAX_HISTORY_COPIES) {
      return Future.failedFuture(ProblemException.invalid("Högst " + MAX_HISTORY_COPIES + " kopior per anrop."));
    }
    return policy.ownDevices(who)
        .compose(v -> devices.isActiveDeviceOf(me, deviceId))
        .compose(target -> target ? fromAnotherOfMine(me, deviceId, history.fromDeviceId())
            : Future.failedFuture(ProblemException.notFound()))
        .compose(v -> ownMessages(me, history))
        .compose(v -> devices.addCopies(deviceId, history.copies()))
        .onSuccess(count -> publish(deviceId, DirectJson.historyAddedFrame(deviceId, count)));
  }

  /** The uploading device must be another active device of the same person (422 otherwise). */
  private Future<Void> fromAnotherOfMine(UUID me, UUID deviceId, UUID fromDeviceId) {
    if (fromDeviceId.equals(deviceId)) {
      return Future.failedFuture(unknownDevice("fromDeviceId är inte en annan aktiv enhet av dina."));
    }
    return devices.isActiveDeviceOf(me, fromDeviceId).compose(active -> active ? Future.succeededFuture()
        : Future.failedFuture(unknownDevice("fromDeviceId är inte en annan aktiv enhet av dina.")));
  }

  private Future<Void> ownMessages(UUID me, DirectRequest.History history) {
    List<UUID> ids = history.copies().stream().map(DirectRequest.Copy::target).toList();
    return devices.ownMessages(me, ids).compose(n -> n == ids.size() ? Future.succeededFuture()
        : Future.failedFuture(new ProblemException(ProblemType.INVALID_REQUEST,
            "Kopior av meddelanden som inte finns i dina konversationer.")));
  }

  static ProblemException unknownDevice(String detail) {
    return new ProblemException(ProblemType.UNKNOWN_DEVICE, detail);
  }

  private void publish(UUID deviceId, JsonObject frame) {
    eventBus.publish(EventAddresses.directDevice(deviceId), frame);
  }
}
