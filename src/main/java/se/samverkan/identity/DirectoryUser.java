package se.samverkan.identity;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A person as Keycloak knows them, resolvable before their first login. */
public record DirectoryUser(
    String id,
    String username,
    String name,
    String email,
    boolean enabled,
    List<Organisation> organisations,
    Set<Role> roles,
    boolean emailVerified) {

  public DirectoryUser {
    organisations = List.copyOf(organisations);
    roles = Set.copyOf(roles);
  }

  /** A person whose e-mail address Keycloak has not verified (or who is not looked up in Keycloak). */
  public DirectoryUser(String id, String username, String name, String email, boolean enabled, List<Organisation> organisations,
      Set<Role> roles) {
    this(id, username, name, email, enabled, organisations, roles, false);
  }

  public Optional<Organisation> organisation() {
    return organisations.isEmpty() ? Optional.empty() : Optional.of(organisations.get(0));
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  @Override
  public String toString() {
    return "DirectoryUser[" + id + "]";
  }
}
