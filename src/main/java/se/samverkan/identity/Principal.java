package se.samverkan.identity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The authenticated caller, built only from a validated access token. The organisation comes from
 * Keycloak's organisation membership (the {@code organization} claim), never from the request.
 *
 * @param subject       Keycloak user id ({@code sub})
 * @param organisations organisation aliases; professionals normally have exactly one
 * @param expiresAt     when the token stops being valid (live connections close then)
 */
public record Principal(
    String subject,
    String username,
    String name,
    String email,
    List<String> organisations,
    Set<Role> roles,
    Instant expiresAt) {

  public Principal {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(username, "username");
    organisations = List.copyOf(organisations);
    roles = Set.copyOf(roles);
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** The organisation the person acts for. */
  public Optional<String> organisation() {
    return organisations.isEmpty() ? Optional.empty() : Optional.of(organisations.get(0));
  }

  @Override
  public String toString() {
    // Principals end up in debug output; keep names and e-mail addresses out of it.
    return "Principal[" + subject + "]";
  }
}
