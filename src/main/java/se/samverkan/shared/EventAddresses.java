package se.samverkan.shared;

/** Event-bus addresses that more than one feature speaks on (a feature's own stay with it). */
public final class EventAddresses {

  /**
   * Published after a change commits that ends people's access to a child (a consent withdrawn, a
   * member removed, a handover): {@code {childId, usernames:[…]}}. Meetings and open channels follow.
   */
  public static final String ACCESS_REVOKED = "samverkan.team.access-revoked";

  private EventAddresses() {
  }
}
