package se.samverkan.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.identity.Principal;
import se.samverkan.identity.Role;
import se.samverkan.policy.SecurityAudit.AdminAction;
import se.samverkan.testing.DatabaseExtension;
import se.samverkan.testing.TestDatabase;

/** What the security team did is read back by target organisation, as a scope filters it. */
@ExtendWith(DatabaseExtension.class)
class SecurityAuditTest {

  @Test
  void rowsShouldBeReadBackNewestFirstAndFilteredByTargetOrganisation(TestDatabase db) throws Exception {
    SecurityAudit audit = new SecurityAudit(db.pool());
    Principal actor = new Principal(UUID.randomUUID().toString(), "sec.admin", "Siv", null,
        List.of("region-kronoberg"), Set.of(Role.SECURITY_ADMIN, Role.SECURITY_ADMIN_ALL), Instant.now().plusSeconds(60));
    Instant before = Instant.now().minusSeconds(1);
    String marker = "t" + UUID.randomUUID().toString().substring(0, 8);
    audit.record(actor, AdminAction.USER_DISABLE, marker + ".vx", "vaxjo", "Slutat").await(10, TimeUnit.SECONDS);
    audit.record(actor, AdminAction.USER_LOGOUT, marker + ".rk", "region-kronoberg", null).await(10, TimeUnit.SECONDS);

    List<SecurityAudit.Entry> vaxjo = audit.entries("vaxjo", before, null, 1000).await(10, TimeUnit.SECONDS);
    assertTrue(vaxjo.stream().allMatch(e -> "vaxjo".equals(e.targetOrganisation())), vaxjo.toString());
    SecurityAudit.Entry mine = vaxjo.stream().filter(e -> e.target().equals(marker + ".vx")).findFirst().orElseThrow();
    assertEquals(AdminAction.USER_DISABLE, mine.action());
    assertEquals("sec.admin", mine.actor());
    assertEquals("region-kronoberg", mine.actorOrganisation());
    assertEquals("Slutat", mine.reason());

    List<SecurityAudit.Entry> all = audit.entries(null, before, null, 1000).await(10, TimeUnit.SECONDS)
        .stream().filter(e -> e.target().startsWith(marker)).toList();
    assertEquals(List.of(marker + ".rk", marker + ".vx"), all.stream().map(SecurityAudit.Entry::target).toList());
  }
}
