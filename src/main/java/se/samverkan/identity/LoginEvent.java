package se.samverkan.identity;

import java.time.Instant;
import java.util.Objects;

/**
 * One of Keycloak's stored user events (login, login error, logout, code-to-token, identity-provider
 * login, refresh-token error) as the security team reads it: never a token, a code or a secret.
 *
 * @param userId           Keycloak's user id (null for an unknown username); used for scoping, not shown
 * @param username         as typed or as known (null when Keycloak recorded none)
 * @param identityProvider the broker the login came through (null: Samverkan's own login)
 * @param error            Keycloak's error code for a failed event (null on success)
 */
public record LoginEvent(Instant time, String type, String userId, String username, String ipAddress, String identityProvider,
                         String error) {

  public static final String LOGIN_ERROR = "LOGIN_ERROR";

  public LoginEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
  }
}
