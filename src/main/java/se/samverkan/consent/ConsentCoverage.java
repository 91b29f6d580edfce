package se.samverkan.consent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import se.samverkan.shared.ConsentLevel;

/**
 * Which consent covers a person, decided on consent records already read. The same rule is stated
 * in SQL in {@code AccessQueries} (CONSENT_IN_FORCE, INVITED_PROFESSIONAL) for the per-request access decision; the two
 * are kept alike by {@code TeamConsentTest}, which exercises both through the API.
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
    ConsentRecord byOrganisation = null;
    for (ConsentRecord c : consents) {
      if (!c.inForce(now) || !c.level().satisfies(needed)) {
        continue;
      }
      if (c.persons().contains(username)) {
        return Optional.of(c);
      }
      if (byOrganisation == null && c.covers(username, organisation)) {
        byOrganisation = c;
      }
    }
    return Optional.ofNullable(byOrganisation);
  }

  /** Whether a team member's access is covered: the child's team needs an updated written consent. */
  public static boolean coversTeamMember(List<ConsentRecord> consents, String username, String organisation, Instant now) {
    return covering(consents, username, organisation, ConsentLevel.WRITTEN_UPDATED, now).isPresent();
  }
}
