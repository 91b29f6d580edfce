package se.samverkan.message;

import io.vertx.core.Future;
import java.util.UUID;
import se.samverkan.identity.Principal;

/**
 * The gateway's port to the direct feature: whether a device id names an active device of the
 * authenticated user, asked before a socket may follow that device's frames
 * ({@code subscribe-direct}, docs/PROTOCOL.md). The direct feature implements it; the gateway never
 * reaches into {@code direct} itself.
 */
public interface DirectDevices {

  /**
   * True for an active (registered, not removed) device of {@code who}; false for any other id.
   * Completes on the caller's context (as the PG pool's futures do): the gateway registers the
   * device's event-bus consumer in the continuation, and that consumer belongs to the socket's event loop.
   */
  Future<Boolean> isActiveDeviceOf(Principal who, UUID deviceId);
}
