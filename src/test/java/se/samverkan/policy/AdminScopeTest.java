package se.samverkan.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;

class AdminScopeTest {

  private static Principal person(List<String> organisations, Role... roles) {
    return new Principal(UUID.randomUUID().toString(), "someone", "Someone", null, organisations,
        Set.of(roles), Instant.now().plusSeconds(300));
  }

  @Test
  void theCountysTeamCoversEveryOrganisationAndPeopleInNone() {
    AdminScope scope = AdminScope.of(person(List.of("region-kronoberg"), Role.SECURITY_ADMIN, Role.SECURITY_ADMIN_ALL));
    assertEquals(AdminScope.ALL, scope);
    assertTrue(scope.covers("vaxjo"));
    assertTrue(scope.covers("region-kronoberg"));
    assertTrue(scope.covers(null));
    assertNull(scope.filter());
  }

  @Test
  void anOrganisationsSecurityAdminCoversOnlyTheirOwn() {
    Principal sven = person(List.of("vaxjo"), Role.SECURITY_ADMIN);
    AdminScope scope = AdminScope.of(sven);
    assertEquals(new AdminScope.Own("vaxjo"), scope);
    assertTrue(scope.covers("vaxjo"));
    assertFalse(scope.covers("region-kronoberg"));
    assertFalse(scope.covers(null));
    assertEquals("vaxjo", scope.filter());
    assertEquals(scope, AdminScope.over(sven, "vaxjo"));
    assertEquals(AdminScope.NONE, AdminScope.over(sven, "region-kronoberg"));
  }

  @Test
  void aSecurityAdminWithoutAnOrganisationManagesNothing() {
    AdminScope scope = AdminScope.of(person(List.of(), Role.SECURITY_ADMIN));
    assertEquals(AdminScope.NONE, scope);
    assertFalse(scope.isAdmin());
  }

  @Test
  void otherRolesManageNothing() {
    for (Role role : List.of(Role.PROFESSIONAL, Role.CHILD_CONTACT, Role.GUARDIAN)) {
      AdminScope scope = AdminScope.of(person(List.of("vaxjo"), role));
      assertFalse(scope.isAdmin(), role.name());
      assertFalse(scope.covers("vaxjo"), role.name());
      assertThrows(IllegalStateException.class, scope::filter);
    }
  }

  @Test
  void anOwnScopeNeedsAnAlias() {
    assertThrows(IllegalArgumentException.class, () -> new AdminScope.Own(" "));
  }
}
