package se.samverkan.message;

import static se.samverkan.message.ChannelFrames.error;
import static se.samverkan.message.ChannelProtocol.CLOSE_AUTH_REQUIRED;
import static se.samverkan.message.ChannelProtocol.CLOSE_FORBIDDEN_SWITCH;
import static se.samverkan.message.ChannelProtocol.CLOSE_SESSION_EXPIRED;
import static se.samverkan.message.ChannelProtocol.CLOSE_TOO_MANY_SOCKETS;
import static se.samverkan.message.ChannelProtocol.CLOSE_TRY_AGAIN_LATER;

import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import se.samverkan.identity.Principal;
import se.samverkan.identity.TokenValidator;

/**
 * One socket's login: first-frame authentication (tokens never travel in URLs), the auth timeout,
 * token refreshes and the session's expiry. Until it authenticates the socket holds one of the
 * {@link SocketQuota}'s unauthenticated places and may send exactly one frame, the {@code auth};
 * then it holds one of its user's places. Both are given back exactly once, on {@link #leave()}.
 */
final class ChannelLogin {

  private final Vertx vertx;
  private final TokenValidator tokens;
  private final SocketQuota quota;
  private final ChannelClient client;
  private Principal principal;
  private long authTimer = -1;
  private long expiryTimer = -1;
  /** The remote address whose unauthenticated place this socket holds, or null. */
  private String unauthenticatedPlace;
  /** The subject whose socket place this socket holds, or null. */
  private String userPlace;
  /** The one auth frame a socket may send before it is authenticated is being checked. */
  private boolean authPending;

  ChannelLogin(Vertx vertx, TokenValidator tokens, SocketQuota quota, ChannelClient client) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.quota = quota;
    this.client = client;
  }

  /** The authenticated user, or null before the first auth succeeded. */
  Principal principal() {
    return principal;
  }

  /** Takes an unauthenticated place for the address and starts the auth timeout; false: closed, no place. */
  boolean admit(String address) {
    switch (quota.admitUnauthenticated(address)) {
      case ADMITTED -> unauthenticatedPlace = address;
      case TOO_MANY_FROM_ADDRESS -> {
        client.close(CLOSE_TRY_AGAIN_LATER, "För många anslutningar utan inloggning från din adress; försök igen strax");
        return false;
      }
      case TOO_MANY_IN_TOTAL -> {
        client.close(CLOSE_TRY_AGAIN_LATER, "För många anslutningar utan inloggning; försök igen strax");
        return false;
      }
    }
    authTimer = vertx.setTimer(quota.bounds().authTimeout().toMillis(), t -> {
      if (principal == null) {
        client.close(CLOSE_AUTH_REQUIRED, "Autentisering krävs: skicka {\"type\":\"auth\",\"token\":…} först");
      }
    });
    return true;
  }

  /**
   * A socket that has not logged in costs the server as little as possible: its first frame must be
   * {@code auth}, and nothing else may come until that is answered.
   */
  void beforeAuthentication(ClientFrame frame) {
    if (authPending || !(frame instanceof ClientFrame.Auth auth)) {
      client.close(CLOSE_AUTH_REQUIRED, "Autentisering krävs innan andra ramar");
      return;
    }
    authPending = true;
    auth(auth);
  }

  /** The first login, or a fresh token for the same user before the session expires. */
  void auth(ClientFrame.Auth frame) {
    tokens.validate(frame.token()).onComplete(this::validated);
  }

  private void validated(AsyncResult<Principal> ar) {
    if (client.closed()) {
      return;
    }
    if (ar.failed()) {
      if (principal == null) {
        client.close(CLOSE_AUTH_REQUIRED, "Ogiltig eller utgången token");
      } else {
        client.send(error("invalid-token", "Den nya token är ogiltig; den gamla gäller tills den går ut.", null, null));
      }
      return;
    }
    Principal p = ar.result();
    if (principal != null && !principal.subject().equals(p.subject())) {
      client.close(CLOSE_FORBIDDEN_SWITCH, "En anslutning kan inte byta användare");
      return;
    }
    if (principal == null && !takeUserPlace(p)) {
      return;
    }
    authenticated(p);
  }

  private void authenticated(Principal p) {
    principal = p;
    vertx.cancelTimer(authTimer);
    vertx.cancelTimer(expiryTimer);
    long millis = Math.max(1, Duration.between(Instant.now(), p.expiresAt()).toMillis());
    expiryTimer = vertx.setTimer(millis, t -> client.close(CLOSE_SESSION_EXPIRED,
        "Sessionen har gått ut: skicka en ny token före utgång"));
    client.send(ChannelFrames.authenticated(p));
  }

  /**
   * The first successful auth moves the socket from the unauthenticated places to its user's. One
   * refused keeps its unauthenticated place until it has closed, so refusals cannot pile up uncounted.
   */
  private boolean takeUserPlace(Principal p) {
    if (!quota.admitUser(p.subject())) {
      client.close(CLOSE_TOO_MANY_SOCKETS, "För många öppna anslutningar för din användare; stäng någon annan flik eller enhet");
      return false;
    }
    leaveUnauthenticated();
    userPlace = p.subject();
    return true;
  }

  /** The socket closed: its places are given back and its timers stop. */
  void leave() {
    leaveUnauthenticated();
    if (userPlace != null) {
      quota.releaseUser(userPlace);
      userPlace = null;
    }
    vertx.cancelTimer(authTimer);
    vertx.cancelTimer(expiryTimer);
  }

  private void leaveUnauthenticated() {
    if (unauthenticatedPlace != null) {
      quota.releaseUnauthenticated(unauthenticatedPlace);
      unauthenticatedPlace = null;
    }
  }
}
