package se.samverkan.consent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import se.samverkan.policy.ConsentRule;
import se.samverkan.shared.ConsentLevel;

/**
 * Which consent covers a person, decided on consent records already read: {@link ConsentRule}
 * (whose SQL fragments the access decision and the message log run) applied to consent records.
 */
public final class ConsentCoverage {

  private ConsentCoverage() {
  }

  /**
   * The consent in force that covers a person at a level at least {@code needed}: one naming the
   * person is preferred over one naming their organisation; the newest of each kind if several
   * ({@code consents} newest first, as {@link ConsentRepository#ofChild} returns them).
   */
  public static Optional<ConsentRecord> covering(List<ConsentRecord> consents, String username, String organisation,
      ConsentLevel needed, Instant now) {
    return ConsentRule.covering(consents, username, organisation, needed, now);
  }

  /** Whether a team member's access is covered: the child's team needs an updated written consent. */
  public static boolean coversTeamMember(List<ConsentRecord> consents, String username, String organisation, Instant now) {
    return covering(consents, username, organisation, ConsentLevel.WRITTEN_UPDATED, now).isPresent();
  }
}
