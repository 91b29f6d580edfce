package se.samverkan.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;

/** Loggkontroll is scoped: a security admin reviews their own organisation's staff, the county's team everyone. */
class AccessLogScopeTest {

  static Principal who(List<String> organisations, Role... roles) {
    return new Principal(UUID.randomUUID().toString(), "u", "U", "u@example.se", organisations, Set.of(roles),
        Instant.now().plusSeconds(300));
  }

  static void forbidden(Runnable r) {
    ProblemException e = assertThrows(ProblemException.class, r::run);
    assertEquals(ProblemType.FORBIDDEN, e.problem().type());
  }

  @Test
  void theCountysTeamShouldSeeEveryOrganisationOrTheOneItNames() {
    Principal all = who(List.of("region-kronoberg"), Role.SECURITY_ADMIN, Role.SECURITY_ADMIN_ALL);
    assertEquals(Optional.empty(), AccessLogScope.of(all, null));
    assertEquals(Optional.of("vaxjo"), AccessLogScope.of(all, "vaxjo"));
    assertEquals(Optional.empty(), AccessLogScope.of(who(List.of(), Role.SECURITY_ADMIN_ALL), null));
  }

  @Test
  void anOrganisationsSecurityAdminShouldSeeOnlyItsOwnStaff() {
    Principal vaxjo = who(List.of("vaxjo"), Role.SECURITY_ADMIN);
    assertEquals(Optional.of("vaxjo"), AccessLogScope.of(vaxjo, null));
    assertEquals(Optional.of("vaxjo"), AccessLogScope.of(vaxjo, "vaxjo"));
    forbidden(() -> AccessLogScope.of(vaxjo, "region-kronoberg"));
  }

  @Test
  void aSecurityAdminWithoutAnOrganisationShouldSeeNothing() {
    forbidden(() -> AccessLogScope.of(who(List.of(), Role.SECURITY_ADMIN), null));
  }

  @Test
  void anyoneElseShouldBeRefused() {
    forbidden(() -> AccessLogScope.of(who(List.of("vaxjo"), Role.PROFESSIONAL, Role.CHILD_CONTACT), null));
    forbidden(() -> AccessLogScope.of(who(List.of(), Role.GUARDIAN), "vaxjo"));
  }
}
