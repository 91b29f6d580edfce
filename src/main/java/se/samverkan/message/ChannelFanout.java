package se.samverkan.message;

import static se.samverkan.message.ChannelFrames.messageFrame;
import static se.samverkan.message.ChannelProtocol.CLOSE_GOING_WRONG;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway's channels: per channel, one event-bus consumer per verticle fans the channel's
 * events out to the local subscribers, so a clustered event bus spreads the same events over
 * nodes without code changes. A channel's consumer is registered with its first subscriber and
 * unregistered {@link #LINGER} after its last left, unless someone subscribed again: subscribe and
 * unsubscribe churn then costs no event-bus registration (on a clustered bus, a round to every node).
 */
final class ChannelFanout {

  // The gateway's parts log under the gateway's name, as they did when they were one class.
  private static final Logger LOG = LoggerFactory.getLogger("se.samverkan.message.TeamChannelGateway");
  static final Duration LINGER = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final MessageService messages;
  private final BooleanSupplier ownLoop;
  private final Map<UUID, Channel> channels = new HashMap<>();

  /**
   * @param ownLoop whether the caller runs on the gateway's event loop (asserted: all of this is its state)
   */
  ChannelFanout(Vertx vertx, MessageService messages, BooleanSupplier ownLoop) {
    this.vertx = vertx;
    this.messages = messages;
    this.ownLoop = ownLoop;
  }

  private boolean onOwnLoop() {
    return ownLoop.getAsBoolean();
  }

  /** The local subscribers of one channel and this verticle's one consumer of its events. */
  private final class Channel {
    final UUID childId;
    final Set<ChannelSubscription> subscribers = new LinkedHashSet<>();
    final MessageConsumer<JsonObject> consumer;
    /** Completes when the consumer is registered — on a clustered event bus, on every node. */
    final Future<Void> registered;
    /** Events are handled one after the other, so a slow key lookup cannot reorder them. */
    Future<Void> tail = Future.succeededFuture();
    /** Set while the channel has no subscribers: unregisters it unless someone joins first. */
    long lingerTimer = -1;

    Channel(UUID childId) {
      this.childId = childId;
      this.consumer = vertx.eventBus().consumer(ChannelEvents.address(childId), m -> {
        JsonObject event = m.body();
        tail = tail.transform(x -> dispatch(this, event)).recover(err -> {
          LOG.warn("Dropped a channel event: {}", err.getMessage());
          return Future.succeededFuture();
        });
      });
      this.registered = consumer.completion();
    }
  }

  /** Adds the subscription to its channel; completes once live events of the channel reach it. */
  Future<Void> join(ChannelSubscription s) {
    assert onOwnLoop();
    Channel channel = channels.get(s.childId);
    if (channel != null && channel.registered.failed()) {
      // A lingering consumer whose registration failed must not fail every later subscribe.
      vertx.cancelTimer(channel.lingerTimer);
      channels.remove(s.childId);
      channel = null;
    }
    if (channel == null) {
      channel = new Channel(s.childId);
      channels.put(s.childId, channel);
    }
    if (channel.lingerTimer != -1) {
      vertx.cancelTimer(channel.lingerTimer);
      channel.lingerTimer = -1;
    }
    channel.subscribers.add(s);
    return channel.registered;
  }

  void leave(ChannelSubscription s) {
    Channel channel = channels.get(s.childId);
    if (channel == null || !channel.subscribers.remove(s)) {
      return;
    }
    if (channel.subscribers.isEmpty() && channel.lingerTimer == -1) {
      channel.lingerTimer = vertx.setTimer(LINGER.toMillis(), t -> {
        channel.lingerTimer = -1;
        if (channel.subscribers.isEmpty() && channels.get(channel.childId) == channel) {
          channel.consumer.unregister();
          channels.remove(channel.childId);
        }
      });
    }
  }

  private Future<Void> dispatch(Channel channel, JsonObject event) {
    assert onOwnLoop();
    if (channel.subscribers.isEmpty()) {
      return Future.succeededFuture();
    }
    String kind = event.getString("event");
    switch (String.valueOf(kind)) {
      case "receipt", "typing" -> {
        presence(channel, kind, event);
        return Future.succeededFuture();
      }
      case "message", "edited", "redacted" -> {
        return message(channel, kind, event);
      }
      default -> {
        LOG.debug("Unknown channel event {}", kind);
        return Future.succeededFuture();
      }
    }
  }

  /** A receipt or typing: to the others whom the sender's membership is shown, not back to the sender. */
  private static void presence(Channel channel, String kind, JsonObject event) {
    String username = event.getString("username");
    String text = "receipt".equals(kind)
        ? ChannelFrames.receipt(event.getString("childId"), username, event.getLong("seq"))
        : ChannelFrames.typing(event.getString("childId"), username, event.getString("name"));
    String since = event.getString("memberSince");
    Instant memberSince = since == null ? null : Instant.parse(since);
    for (ChannelSubscription s : List.copyOf(channel.subscribers)) {
      eachSubscriber(s, () -> {
        if (s.mayDeliver() && s.shows(memberSince) && !s.username().equals(username)) {
          s.client.send(text);
        }
      });
    }
  }

  /** A new, edited or redacted message: each subscription decides when (and whether) its subscriber gets it. */
  private Future<Void> message(Channel channel, String kind, JsonObject event) {
    Message message = ChannelEvents.fromEvent(event);
    return messages.keys().keyFor(channel.childId).map(key -> {
      // Opened and encoded at most once per event and event loop, and only if someone may see it.
      Supplier<Delivery> asMessage = once(() -> Delivery.of(message, messageFrame("message", message, key)));
      Supplier<Delivery> asChange = once(() -> Delivery.of(message, messageFrame(kind, message, key)));
      for (ChannelSubscription s : List.copyOf(channel.subscribers)) {
        eachSubscriber(s, () -> {
          if ("message".equals(kind)) {
            s.offer(message, asMessage);
          } else {
            s.changed(message, asChange, asMessage);
          }
        });
      }
      return null;
    });
  }

  /** One subscriber's trouble (a socket closed under us) must not keep an event from the others. */
  private static void eachSubscriber(ChannelSubscription s, Runnable deliver) {
    try {
      deliver.run();
    } catch (RuntimeException e) {
      LOG.warn("Could not hand a channel event to a subscriber ({})", e.getClass().getName());
      s.client.close(CLOSE_GOING_WRONG, "Ett fel uppstod: återanslut och hämta historiken");
    }
  }

  private static <T> Supplier<T> once(Supplier<T> make) {
    return new Supplier<>() {
      T value;

      @Override
      public T get() {
        if (value == null) {
          value = make.get();
        }
        return value;
      }
    };
  }
}
