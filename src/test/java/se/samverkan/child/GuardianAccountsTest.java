package se.samverkan.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.identity.Role;
import se.samverkan.shared.ProblemType;

/** The rule that decides whether an account is the guardian's on record (no stack: a pure rule). */
class GuardianAccountsTest {

  private static DirectoryUser account(String email, boolean enabled, boolean verified, Role role) {
    return new DirectoryUser("8d7c9f52-3a0e-4c1b-9e57-1f2a3b4c5d6e", "karin.guardian", "Karin Johansson", email, enabled,
        List.of(), Set.of(role), verified);
  }

  private static Optional<ProblemType> refusal(DirectoryUser user, String recorded) {
    return GuardianAccounts.refusal("karin.guardian", Optional.ofNullable(user), recorded).map(p -> p.problem().type());
  }

  @Test
  void anEnabledGuardianAccountWithTheRecordedVerifiedAddressShouldMatchWhateverTheCase() {
    assertTrue(refusal(account("karin@example.se", true, true, Role.GUARDIAN), " Karin@Example.SE ").isEmpty());
  }

  @Test
  void anAccountThatIsNotTheGuardiansOnRecordShouldBeRefused() {
    assertEquals(Optional.of(ProblemType.GUARDIAN_MISMATCH), refusal(account("per@example.se", true, true, Role.GUARDIAN), "karin@example.se"));
    assertEquals(Optional.of(ProblemType.GUARDIAN_MISMATCH), refusal(account("karin@example.se", true, false, Role.GUARDIAN), "karin@example.se"),
        "an address nobody verified proves nothing");
    assertEquals(Optional.of(ProblemType.GUARDIAN_MISMATCH), refusal(account("karin@example.se", false, true, Role.GUARDIAN), "karin@example.se"));
    assertEquals(Optional.of(ProblemType.GUARDIAN_MISMATCH), refusal(account(null, true, true, Role.GUARDIAN), "karin@example.se"));
    assertEquals(Optional.of(ProblemType.GUARDIAN_MISMATCH), refusal(account("karin@example.se.evil.se", true, true, Role.GUARDIAN),
        "karin@example.se"), "the whole address, not a prefix");
    assertEquals(Optional.of(ProblemType.WRONG_ROLE), refusal(account("karin@example.se", true, true, Role.PROFESSIONAL), "karin@example.se"));
    assertEquals(Optional.of(ProblemType.UNKNOWN_USER), refusal(null, "karin@example.se"));
  }
}
