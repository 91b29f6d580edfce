package se.samverkan.policy;

import java.time.Instant;
import java.util.List;
import se.samverkan.shared.ConsentLevel;

/**
 * What {@link ConsentRule} needs of a consent: a consent row with its withdrawal, if any, joined in
 * ({@code consent k LEFT JOIN consent_withdrawal w}). The policy may not know the consent package;
 * {@code consent.ConsentRecord} is one.
 */
public interface ConsentTerms {

  ConsentLevel level();

  Instant validFrom();

  /** Null: open-ended. */
  Instant validUntil();

  /** Null: not withdrawn. */
  Instant withdrawnAt();

  /** Usernames the consent names. */
  List<String> persons();

  /** Organisation aliases the consent names. */
  List<String> organisations();
}
