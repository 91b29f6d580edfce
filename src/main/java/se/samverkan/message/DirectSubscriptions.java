package se.samverkan.message;

import static se.samverkan.message.Abandoned.ABANDONED;
import static se.samverkan.message.ChannelFrames.directError;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.identity.Principal;
import se.samverkan.shared.EventAddresses;
import se.samverkan.shared.ProblemException;

/**
 * One connection's direct-message subscriptions: at most one per device, each its own event-bus
 * consumer of {@link EventAddresses#directDevice}, whose frames (published by the direct feature
 * after commit) go to the socket unchanged through the connection's bounded queue. A device is
 * followed only when the {@link DirectDevices} port says it is an active device of the socket's
 * user. A subscription is reserved before the port is asked, so that a second subscribe finds it,
 * and counts toward the socket's subscription cap together with the channel subscriptions.
 * {@code device-removed} for the device, an unsubscribe or the close ends it and unregisters its
 * consumer at once: no consumer outlives its socket.
 */
final class DirectSubscriptions {

  // The gateway's parts log under the gateway's name, as they did when they were one class.
  private static final Logger LOG = LoggerFactory.getLogger("se.samverkan.message.TeamChannelGateway");

  private final EventBus eventBus;
  private final ChannelClient client;
  private final Supplier<Principal> principal;
  private final DirectDevices devices;
  private final int maxSubscriptions;
  /** The socket's other subscriptions (its channels), counted in the same cap. */
  private final IntSupplier others;
  /** Every subscription, also those whose device is still being checked. */
  private final Map<UUID, Subscription> subscriptions = new HashMap<>();

  /** One device followed by this socket; its consumer is set once the port said yes. */
  private static final class Subscription {
    final UUID deviceId;
    MessageConsumer<Object> consumer;

    Subscription(UUID deviceId) {
      this.deviceId = deviceId;
    }
  }

  DirectSubscriptions(EventBus eventBus, ChannelClient client, Supplier<Principal> principal, DirectDevices devices,
      int maxSubscriptions, IntSupplier others) {
    this.eventBus = eventBus;
    this.client = client;
    this.principal = principal;
    this.devices = devices;
    this.maxSubscriptions = maxSubscriptions;
    this.others = others;
  }

  /** Direct subscriptions held, also those being set up. */
  int size() {
    return subscriptions.size();
  }

  void subscribe(ClientFrame.SubscribeDirect frame) {
    UUID deviceId = frame.deviceId();
    if (subscriptions.containsKey(deviceId)) {
      client.send(directError("already-subscribed", "Redan prenumererad.", deviceId));
      return;
    }
    if (subscriptions.size() + others.getAsInt() >= maxSubscriptions) {
      client.send(directError("too-many-subscriptions", "En anslutning kan ha högst "
          + maxSubscriptions + " prenumerationer; avsluta någon prenumeration först.", deviceId));
      return;
    }
    // Reserved before anything asynchronous: a second subscribe is refused, an unsubscribe or close ends this one.
    Subscription s = new Subscription(deviceId);
    subscriptions.put(deviceId, s);
    ask(deviceId)
        .compose(active -> ifCurrent(s, active))
        .compose(active -> active ? listen(s) : Future.failedFuture(new UnknownDevice()))
        .compose(v -> ifCurrent(s, v))
        .onSuccess(v -> client.send(ChannelFrames.subscribedDirect(deviceId)))
        .onFailure(err -> refused(s, err));
  }

  /** The port's answer; a port that throws counts as one that failed. */
  private Future<Boolean> ask(UUID deviceId) {
    try {
      return devices.isActiveDeviceOf(principal.get(), deviceId);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Still this socket's subscription to the device: not unsubscribed, removed or closed since the step began. */
  private boolean current(Subscription s) {
    return !client.closed() && subscriptions.get(s.deviceId) == s;
  }

  private <T> Future<T> ifCurrent(Subscription s, T value) {
    return current(s) ? Future.succeededFuture(value) : Future.failedFuture(ABANDONED);
  }

  /** Registers the device's consumer; completes once frames published to the device reach it. */
  private Future<Void> listen(Subscription s) {
    s.consumer = eventBus.consumer(EventAddresses.directDevice(s.deviceId), m -> forward(s, m.body()));
    return s.consumer.completion();
  }

  /** A frame for the device: to the socket unchanged; {@code device-removed} for it then ends the subscription. */
  private void forward(Subscription s, Object body) {
    if (!current(s)) {
      return;
    }
    if (!(body instanceof JsonObject frame) || !(frame.getValue("type") instanceof String type)) {
      LOG.warn("Dropped a direct frame without a type");
      return;
    }
    client.send(frame.encode());
    if ("device-removed".equals(type) && s.deviceId.toString().equalsIgnoreCase(String.valueOf(frame.getValue("deviceId")))) {
      subscriptions.remove(s.deviceId);
      end(s);
    }
  }

  private void refused(Subscription s, Throwable err) {
    if (subscriptions.get(s.deviceId) == s) {
      subscriptions.remove(s.deviceId);
    }
    end(s);
    if (err == ABANDONED || client.closed()) {
      return;
    }
    if (err instanceof UnknownDevice) {
      client.send(directError("unknown-device", "Enheten är inte en av dina registrerade enheter.", s.deviceId));
    } else if (err instanceof ProblemException pe) {
      String detail = pe.problem().detail() != null ? pe.problem().detail() : pe.problem().type().title();
      client.send(directError(pe.problem().type().slug(), detail, s.deviceId));
    } else {
      LOG.warn("A direct subscription could not be set up: {}", err.toString());
      client.send(directError("unavailable", "Något gick fel; försök igen.", s.deviceId));
    }
  }

  void unsubscribe(ClientFrame.UnsubscribeDirect frame) {
    Subscription s = subscriptions.remove(frame.deviceId());
    if (s != null) {
      end(s);
    }
    client.send(ChannelFrames.unsubscribedDirect(frame.deviceId()));
  }

  /** The connection closed: every direct subscription ends, without frames. */
  void endAll() {
    for (Subscription s : List.copyOf(subscriptions.values())) {
      end(s);
    }
    subscriptions.clear();
  }

  private static void end(Subscription s) {
    if (s.consumer != null) {
      s.consumer.unregister();
      s.consumer = null;
    }
  }

  /** The port said no: not an active device of this user (or no device at all). */
  private static final class UnknownDevice extends RuntimeException {
    UnknownDevice() {
      super(null, null, false, false);
    }
  }
}
