package se.samverkan.identity;

/** A Keycloak organisation: {@code alias} is the stable key (e.g. {@code vaxjo}), {@code name} its display name. */
public record Organisation(String id, String alias, String name) {
}
