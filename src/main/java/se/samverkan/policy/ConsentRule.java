package se.samverkan.policy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import se.samverkan.shared.ConsentLevel;

/**
 * The one statement of "a consent in force that covers a person", in both the forms it is asked in:
 * as a Java predicate on consents already read, and as SQL fragments for the queries that decide in
 * the database (the per-request access decision, the hourly message log). Each SQL fragment sits
 * next to its Java twin; {@code ConsentRuleAgreementTest} runs both on the same rows.
 *
 * <ul>
 *   <li>In force at t: {@code valid_from <= t < valid_until} (no end: open-ended) and not withdrawn.</li>
 *   <li>"Now" any withdrawal on record counts, whatever its time: it was recorded at the database's
 *       now(), and a clock a moment behind must not let a withdrawn consent in again.</li>
 *   <li>At a moment past (when a message was sent) a withdrawal counts from its {@code withdrawn_at}.</li>
 *   <li>Covers a person: names their username, or their organisation (none: only by name).</li>
 *   <li>A level satisfies what is needed at it or any later step ({@link ConsentLevel#satisfies}).</li>
 * </ul>
 */
public final class ConsentRule {

  private ConsentRule() {
  }

  // --- Java -------------------------------------------------------------------------------------

  /** In force now: valid at {@code now} and never withdrawn. SQL: {@link #inForceSql}. */
  public static boolean inForce(ConsentTerms k, Instant now) {
    return k.withdrawnAt() == null && valid(k, now);
  }

  /** In force at a moment past: valid then and not withdrawn by then. SQL: {@link #inForceAtSql}. */
  public static boolean inForceAt(ConsentTerms k, Instant at) {
    return (k.withdrawnAt() == null || at.isBefore(k.withdrawnAt())) && valid(k, at);
  }

  private static boolean valid(ConsentTerms k, Instant at) {
    return !at.isBefore(k.validFrom()) && (k.validUntil() == null || at.isBefore(k.validUntil()));
  }

  /** Names the person, or their organisation. SQL: {@link #coversSql}. */
  public static boolean covers(ConsentTerms k, String username, String organisation) {
    return k.persons().contains(username) || (organisation != null && k.organisations().contains(organisation));
  }

  /** At {@code needed} or a later step. SQL: {@link #levelSql(String, ConsentLevel)}. */
  public static boolean satisfies(ConsentTerms k, ConsentLevel needed) {
    return k.level().satisfies(needed);
  }

  /** In force now at a level that satisfies {@code needed}. */
  public static boolean inForce(ConsentTerms k, ConsentLevel needed, Instant now) {
    return inForce(k, now) && satisfies(k, needed);
  }

  /**
   * The consent in force that covers a person at a level at least {@code needed}: one naming the
   * person is preferred over one naming their organisation; the first of each kind in the list's
   * order (newest first, as the consent repository returns them).
   */
  public static <T extends ConsentTerms> Optional<T> covering(List<T> consents, String username, String organisation,
      ConsentLevel needed, Instant now) {
    T byOrganisation = null;
    for (T c : consents) {
      if (!inForce(c, needed, now)) {
        continue;
      }
      if (c.persons().contains(username)) {
        return Optional.of(c);
      }
      if (byOrganisation == null && covers(c, username, organisation)) {
        byOrganisation = c;
      }
    }
    return Optional.ofNullable(byOrganisation);
  }

  // --- SQL --------------------------------------------------------------------------------------
  // Fragments over a consent alias k (and, for a moment past, its joined withdrawal alias w); the
  // expressions passed in are SQL (a column, a parameter, now()), never user input.

  /** {@link #inForce(ConsentTerms, Instant)} at the SQL expression {@code now} (normally {@code now()}). */
  public static String inForceSql(String k, String now) {
    return validSql(k, now) + "\n  AND NOT EXISTS (SELECT 1 FROM consent_withdrawal kw WHERE kw.consent_id = " + k + ".id)";
  }

  /**
   * {@link #inForceAt} at the SQL expression {@code at}; the query joins the consent's withdrawal
   * as {@code w} ({@code LEFT JOIN consent_withdrawal w ON w.consent_id = k.id}).
   */
  public static String inForceAtSql(String k, String w, String at) {
    return validSql(k, at) + "\n  AND (" + w + ".withdrawn_at IS NULL OR " + at + " < " + w + ".withdrawn_at)";
  }

  private static String validSql(String k, String at) {
    return "%1$s.valid_from <= %2$s AND (%1$s.valid_until IS NULL OR %1$s.valid_until > %2$s)".formatted(k, at);
  }

  /** {@link #covers} of the person whose username and organisation alias are the SQL expressions given. */
  public static String coversSql(String k, String username, String organisation) {
    return "(%2$s = ANY (%1$s.organisations) OR %3$s = ANY (%1$s.persons))".formatted(k, organisation, username);
  }

  /** {@link #satisfies} a level fixed in the query. */
  public static String levelSql(String k, ConsentLevel needed) {
    return k + ".level IN (" + Arrays.stream(levelsSatisfying(needed)).map(l -> "'" + l + "'").collect(Collectors.joining(", "))
        + ")";
  }

  /** {@link #satisfies} a level given as a parameter: {@code levels} is bound to {@link #levelsSatisfying}. */
  public static String levelSql(String k, String levels) {
    return k + ".level = ANY (" + levels + ")";
  }

  /** The names of the levels that satisfy {@code needed}, for {@link #levelSql(String, String)}. */
  public static String[] levelsSatisfying(ConsentLevel needed) {
    return Arrays.stream(ConsentLevel.values()).filter(l -> l.satisfies(needed)).map(Enum::name).toArray(String[]::new);
  }
}
