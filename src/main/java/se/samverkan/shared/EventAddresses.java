package se.samverkan.shared;

import java.util.UUID;

/** Event-bus addresses that more than one feature speaks on (a feature's own stay with it). */
public final class EventAddresses {

  /**
   * Published after a change commits that ends people's access to a child (a consent withdrawn, a
   * member removed, a handover): {@code {childId, usernames:[…]}}. Meetings and open channels follow.
   */
  public static final String ACCESS_REVOKED = "samverkan.team.access-revoked";

  /**
   * Published after a security admin logged a person out or disabled them (their not-before moved
   * forward): {@code {subject, notBefore}} with the Keycloak user id and the epoch second before which
   * their tokens are refused. Every node updates its not-before cache and closes the person's sockets.
   */
  public static final String USER_SIGNED_OUT = "samverkan.identity.user-signed-out";

  /**
   * Frames for the open sockets of one device (direct messages), published by {@code direct} after
   * the change commits: the body is the WebSocket frame itself (a JSON object with a {@code type}),
   * forwarded unchanged by the gateway to each socket that sent {@code subscribe-direct} for the
   * device (docs/PROTOCOL.md). Addressed per device because each device gets its own copy.
   */
  public static String directDevice(UUID deviceId) {
    return "samverkan.direct.device." + deviceId;
  }

  private EventAddresses() {
  }
}
