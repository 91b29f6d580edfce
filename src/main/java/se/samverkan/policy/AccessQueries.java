package se.samverkan.policy;

import java.util.Arrays;
import se.samverkan.shared.ConsentLevel;

/** The SQL behind the policy's access decisions, apart from the decisions themselves. */
final class AccessQueries {

  // A consent k in force: the SQL form of ConsentRecord.inForce, kept alike by TeamConsentTest.
  static final String IN_FORCE = """
      k.valid_from <= now() AND (k.valid_until IS NULL OR k.valid_until > now())
        AND NOT EXISTS (SELECT 1 FROM consent_withdrawal w WHERE w.consent_id = k.id)""";

  static final String CONSENT_IN_FORCE = "k.child_id = c.id AND k.level = 'WRITTEN_UPDATED'\n  AND " + IN_FORCE;

  // Whether a consent in force at one of the levels $3 covers the person $5 (by name) or their
  // organisation $4; and whether they were in the child's team after $6 (left it since invited).
  static final String INVITED_PROFESSIONAL = """
      SELECT EXISTS (SELECT 1 FROM consent k WHERE k.child_id = $1 AND k.level = ANY ($3::text[]) AND %s
                     AND ($4::text = ANY (k.organisations) OR $5::text = ANY (k.persons))) AS covered,
             EXISTS (SELECT 1 FROM team_member WHERE child_id = $1 AND subject = $2 AND ended_at > $6) AS left_team
      """.formatted(IN_FORCE);

  static final String RELATION = """
      SELECT c.id, c.contact_subject, c.coordinator_subject, c.contact_history_from, m.added_at,
             m.id IS NOT NULL AS member,
             EXISTS (SELECT 1 FROM consent k WHERE %1$s
                     AND ($3::text = ANY (k.organisations) OR $4::text = ANY (k.persons))) AS covered,
             (SELECT CASE WHEN bool_or(k.valid_until IS NULL) THEN NULL ELSE max(k.valid_until) END
                FROM consent k WHERE %1$s
                     AND ($3::text = ANY (k.organisations) OR $4::text = ANY (k.persons))) AS covered_until
      FROM child c
      LEFT JOIN team_member m ON m.child_id = c.id AND m.subject = $2 AND m.ended_at IS NULL
      WHERE c.id = $1""".formatted(CONSENT_IN_FORCE);

  static final String RELATIONS = """
      SELECT c.id, c.contact_subject, c.coordinator_subject,
             EXISTS (SELECT 1 FROM consent k WHERE %s
                     AND ($2::text = ANY (k.organisations) OR $3::text = ANY (k.persons))) AS covered
      FROM child c
      LEFT JOIN team_member m ON m.child_id = c.id AND m.subject = $1 AND m.ended_at IS NULL
      WHERE c.contact_subject = $1 OR m.id IS NOT NULL
      ORDER BY c.created_at""".formatted(CONSENT_IN_FORCE);

  static String[] levelsSatisfying(ConsentLevel needed) {
    return Arrays.stream(ConsentLevel.values()).filter(l -> l.satisfies(needed)).map(Enum::name).toArray(String[]::new);
  }

  private AccessQueries() {
  }
}
