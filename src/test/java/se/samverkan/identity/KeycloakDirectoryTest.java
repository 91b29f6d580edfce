package se.samverkan.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/** The samverkan-server service account resolves people who have never logged in. */
@ExtendWith(SamverkanExtension.class)
class KeycloakDirectoryTest {

  private static KeycloakDirectory directory;

  @BeforeAll
  static void directory(TestStack stack) {
    directory = KeycloakDirectory.create(stack.vertx(), stack.config().oidc());
  }

  private static Optional<DirectoryUser> find(String username) throws Exception {
    return directory.findByUsername(username).await(30, TimeUnit.SECONDS);
  }

  @Test
  void professionalShouldResolveWithOrganisationAndRoles() throws Exception {
    DirectoryUser maria = find("maria.polis").orElseThrow();
    assertEquals("maria.polis", maria.username());
    assertEquals("Maria Ek", maria.name());
    assertEquals("maria.polis@polisen.se", maria.email());
    assertEquals(List.of("polisen"), maria.organisations().stream().map(Organisation::alias).toList());
    assertEquals("Polismyndigheten", maria.organisation().orElseThrow().name());
    assertEquals(Set.of(Role.PROFESSIONAL), maria.roles());
    assertTrue(maria.enabled());
  }

  @Test
  void childContactRoleShouldBeResolved() throws Exception {
    assertEquals(Set.of(Role.PROFESSIONAL, Role.CHILD_CONTACT), find("erik.rektor").orElseThrow().roles());
  }

  @Test
  void guardianShouldHaveNoOrganisation() throws Exception {
    DirectoryUser karin = find("karin.guardian").orElseThrow();
    assertTrue(karin.organisations().isEmpty());
    assertEquals(Set.of(Role.GUARDIAN), karin.roles());
  }

  @Test
  void unknownUsernameShouldResolveToNothing() throws Exception {
    assertTrue(find("nobody.here").isEmpty());
    // exact match only: a prefix of a real username is not that user
    assertTrue(find("anna").isEmpty());
  }

  @Test
  void organisationsShouldResolveByAlias() throws Exception {
    assertEquals("Växjö kommun", directory.organisation("vaxjo").await(30, TimeUnit.SECONDS).orElseThrow().name());
    assertEquals("Ljungby kommun", directory.organisation("ljungby").await(30, TimeUnit.SECONDS).orElseThrow().name());
    assertTrue(directory.organisation("no-such-org").await(30, TimeUnit.SECONDS).isEmpty());
  }
}
