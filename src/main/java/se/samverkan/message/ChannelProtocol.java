package se.samverkan.message;

import java.time.Duration;

/**
 * What the team-channel protocol (docs/PROTOCOL.md) fixes and more than one of the gateway's parts
 * uses: the close codes, the texts that end a subscription, and the client's rates.
 */
final class ChannelProtocol {

  private ChannelProtocol() {
  }

  // Close codes (4000–4999 are the application's own).
  static final short CLOSE_AUTH_REQUIRED = 4401;
  static final short CLOSE_SESSION_EXPIRED = 4402;
  static final short CLOSE_FORBIDDEN_SWITCH = 4403;
  static final short CLOSE_TOO_MANY_SOCKETS = 4409;
  static final short CLOSE_SLOW_CONSUMER = 4408;
  static final short CLOSE_TOO_MANY_FRAMES = 4429;
  static final short CLOSE_PEER_GONE = 4410;
  /** A security admin logged the person out or disabled them (docs/PROTOCOL.md). */
  static final short CLOSE_SIGNED_OUT = 4411;
  static final short CLOSE_GOING_WRONG = 1011;
  static final short CLOSE_TOO_BIG = 1009;
  static final short CLOSE_TRY_AGAIN_LATER = 1013;

  static final String REVOKED = "Du har inte längre tillgång till barnets kanal.";
  static final String CONSENT_EXPIRED = "Samtycket som gav dig tillgång till barnets kanal har gått ut.";

  /**
   * Frames refused for the user's frame rate that one socket may draw before it is closed: a client
   * that slows down on the error frames keeps its socket, one that keeps flooding loses it.
   */
  static final double REFUSALS_PER_SECOND = 10;
  static final double REFUSAL_BURST = 100;
  static final Duration TYPING_EVERY = Duration.ofSeconds(2);
}
