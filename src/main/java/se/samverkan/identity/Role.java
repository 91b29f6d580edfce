package se.samverkan.identity;

import java.util.Optional;

/** Realm roles that mean something to Samverkan; any other role in a token is ignored. */
public enum Role {
  PROFESSIONAL("professional"),
  CHILD_CONTACT("child-contact"),
  SECURITY_ADMIN("security-admin"),
  SECURITY_ADMIN_ALL("security-admin-all"),
  GUARDIAN("guardian");

  private final String claimValue;

  Role(String claimValue) {
    this.claimValue = claimValue;
  }

  public String claimValue() {
    return claimValue;
  }

  public static Optional<Role> fromClaim(String value) {
    for (Role r : values()) {
      if (r.claimValue.equals(value)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
