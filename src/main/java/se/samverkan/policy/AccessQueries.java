package se.samverkan.policy;

import se.samverkan.shared.ConsentLevel;

/** The SQL behind the policy's access decisions, apart from the decisions themselves; its consent rule is {@link ConsentRule}. */
final class AccessQueries {

  // An updated written consent k of the child c, in force now.
  static final String CONSENT_IN_FORCE = "k.child_id = c.id AND " + ConsentRule.levelSql("k", ConsentLevel.WRITTEN_UPDATED)
      + "\n  AND " + ConsentRule.inForceSql("k", "now()");

  // Whether a consent in force at one of the levels $3 covers the person $5 (by name) or their
  // organisation $4; and whether they were in the child's team after $6 (left it since invited).
  static final String INVITED_PROFESSIONAL = """
      SELECT EXISTS (SELECT 1 FROM consent k WHERE k.child_id = $1 AND %s AND %s
                     AND %s) AS covered,
             EXISTS (SELECT 1 FROM team_member WHERE child_id = $1 AND subject = $2 AND ended_at > $6) AS left_team
      """.formatted(ConsentRule.levelSql("k", "$3::text[]"), ConsentRule.inForceSql("k", "now()"),
      ConsentRule.coversSql("k", "$5::text", "$4::text"));

  static final String RELATION = """
      SELECT c.id, c.contact_subject, c.coordinator_subject, c.contact_history_from, m.added_at,
             m.id IS NOT NULL AS member,
             EXISTS (SELECT 1 FROM consent k WHERE %1$s
                     AND %2$s) AS covered,
             (SELECT CASE WHEN bool_or(k.valid_until IS NULL) THEN NULL ELSE max(k.valid_until) END
                FROM consent k WHERE %1$s
                     AND %2$s) AS covered_until
      FROM child c
      LEFT JOIN team_member m ON m.child_id = c.id AND m.subject = $2 AND m.ended_at IS NULL
      WHERE c.id = $1""".formatted(CONSENT_IN_FORCE, ConsentRule.coversSql("k", "$4::text", "$3::text"));

  static final String RELATIONS = """
      SELECT c.id, c.contact_subject, c.coordinator_subject, m.id IS NOT NULL AS member,
             EXISTS (SELECT 1 FROM consent k WHERE %s
                     AND %s) AS covered
      FROM child c
      LEFT JOIN team_member m ON m.child_id = c.id AND m.subject = $1 AND m.ended_at IS NULL
      WHERE c.contact_subject = $1 OR m.id IS NOT NULL
      ORDER BY c.created_at""".formatted(CONSENT_IN_FORCE, ConsentRule.coversSql("k", "$3::text", "$2::text"));

  private AccessQueries() {
  }
}
