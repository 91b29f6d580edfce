package se.samverkan.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.policy.ConsentRule;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.testing.DatabaseExtension;
import se.samverkan.testing.TestDatabase;

/**
 * The consent rule's two forms agree: for a table of consents stored in the database, each SQL
 * fragment of {@link ConsentRule} answers what its Java predicate answers on the same consent as the
 * repository reads it back. On the database alone.
 */
@ExtendWith(DatabaseExtension.class)
class ConsentRuleAgreementTest {

  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration DAY = Duration.ofDays(1);

  /** One stored consent: validity and withdrawal relative to the instant asked about (null: none). */
  private record Case(String name, ConsentLevel level, Duration from, Duration until, Duration withdrawn, List<String> persons,
                      List<String> organisations) {
  }

  /** A person asked about: username and organisation alias (null: none). */
  private record Asked(String username, String organisation) {
  }

  private static final List<String> POLICE = List.of("polisen");
  private static final List<String> MARIA = List.of("maria.polis");
  private static final List<String> NOBODY = List.of();

  private static final List<Case> CASES = List.of(
      new Case("before valid_from", ConsentLevel.WRITTEN_UPDATED, HOUR, null, null, NOBODY, POLICE),
      new Case("at valid_from", ConsentLevel.WRITTEN_UPDATED, Duration.ZERO, null, null, NOBODY, POLICE),
      new Case("a microsecond before valid_until", ConsentLevel.WRITTEN_UPDATED, DAY.negated(), Duration.of(1, ChronoUnit.MICROS),
          null, NOBODY, POLICE),
      new Case("at valid_until", ConsentLevel.WRITTEN_UPDATED, DAY.negated(), Duration.ZERO, null, NOBODY, POLICE),
      new Case("after valid_until", ConsentLevel.WRITTEN_UPDATED, DAY.negated(), HOUR.negated(), null, NOBODY, POLICE),
      new Case("open-ended", ConsentLevel.WRITTEN_UPDATED, DAY.negated(), null, null, NOBODY, POLICE),
      new Case("withdrawn before the instant", ConsentLevel.WRITTEN_UPDATED, DAY.negated(), null, HOUR.negated(), NOBODY, POLICE),
      new Case("withdrawn at the instant", ConsentLevel.WRITTEN_UPDATED, DAY.negated(), null, Duration.ZERO, NOBODY, POLICE),
      new Case("withdrawn after the instant", ConsentLevel.WRITTEN_UPDATED, DAY.negated(), DAY, HOUR, NOBODY, POLICE),
      new Case("written, not updated", ConsentLevel.WRITTEN, DAY.negated(), null, null, NOBODY, POLICE),
      new Case("oral", ConsentLevel.ORAL, DAY.negated(), null, null, NOBODY, POLICE),
      new Case("by person", ConsentLevel.WRITTEN_UPDATED, DAY.negated(), null, null, MARIA, NOBODY),
      new Case("by person and organisation", ConsentLevel.WRITTEN, DAY.negated(), DAY, null, MARIA, POLICE),
      new Case("other organisation", ConsentLevel.WRITTEN_UPDATED, DAY.negated(), null, null, NOBODY, List.of("bvc")),
      new Case("several organisations", ConsentLevel.WRITTEN_UPDATED, DAY.negated(), null, null, List.of("lars.soc"),
          List.of("bvc", "polisen")));

  private static final List<Asked> ASKED = List.of(new Asked("maria.polis", "polisen"), new Asked("maria.polis", null),
      new Asked("erik.rektor", "polisen"), new Asked("erik.rektor", "skolan"), new Asked("lars.soc", null));

  private final TestDatabase db;

  ConsentRuleAgreementTest(TestDatabase db) {
    this.db = db;
  }

  @Test
  void everySqlFragmentShouldAnswerWhatItsJavaPredicateAnswers() throws Exception {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    UUID child = childWith(CASES, at);
    Map<UUID, String> names = new HashMap<>();
    List<ConsentRecord> consents = new ArrayList<>();
    for (Row r : db.pool().preparedQuery(ConsentRecord.SELECT + " WHERE k.child_id = $1").execute(Tuple.of(child))
        .await(10, TimeUnit.SECONDS)) {
      consents.add(ConsentRecord.from(r));
    }
    assertEquals(CASES.size(), consents.size());
    Set<String> seen = new HashSet<>();
    for (Asked who : ASKED) {
      for (ConsentLevel needed : ConsentLevel.values()) {
        Map<UUID, Row> sql = sqlAnswers(child, at, who, needed);
        for (ConsentRecord k : consents) {
          Row row = sql.get(k.id());
          String what = caseOf(k, at) + ", asked of " + who + " at " + needed;
          agree(seen, "in force now at the instant", ConsentRule.inForce(k, at), row.getBoolean("in_force"), what);
          agree(seen, "in force at a moment past", ConsentRule.inForceAt(k, at), row.getBoolean("in_force_at"), what);
          agree(seen, "in force now", ConsentRule.inForce(k, Instant.now()), row.getBoolean("in_force_now"), what);
          agree(seen, "covers", ConsentRule.covers(k, who.username(), who.organisation()), row.getBoolean("covers"), what);
          agree(seen, "satisfies (fixed)", ConsentRule.satisfies(k, needed), row.getBoolean("satisfies_fixed"), what);
          agree(seen, "satisfies (parameter)", ConsentRule.satisfies(k, needed), row.getBoolean("satisfies_param"), what);
        }
      }
    }
    assertEquals(12, seen.size(), "each fragment answered both true and false somewhere: " + seen);
  }

  @Test
  void theBoundariesShouldBeTheOnesTheRuleStates() throws Exception {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    Map<String, ConsentRecord> byName = new HashMap<>();
    UUID child = childWith(CASES, at);
    for (Row r : db.pool().preparedQuery(ConsentRecord.SELECT + " WHERE k.child_id = $1").execute(Tuple.of(child))
        .await(10, TimeUnit.SECONDS)) {
      ConsentRecord k = ConsentRecord.from(r);
      byName.put(caseOf(k, at), k);
    }
    assertFalse(ConsentRule.inForceAt(byName.get("before valid_from"), at));
    assertTrue(ConsentRule.inForceAt(byName.get("at valid_from"), at));
    assertTrue(ConsentRule.inForceAt(byName.get("a microsecond before valid_until"), at));
    assertFalse(ConsentRule.inForceAt(byName.get("at valid_until"), at));
    assertTrue(ConsentRule.inForceAt(byName.get("open-ended"), at));
    assertFalse(ConsentRule.inForceAt(byName.get("withdrawn at the instant"), at));
    assertTrue(ConsentRule.inForceAt(byName.get("withdrawn after the instant"), at), "a moment past: not yet withdrawn then");
    assertFalse(ConsentRule.inForce(byName.get("withdrawn after the instant"), at), "now: any withdrawal on record counts");
  }

  private static void agree(Set<String> seen, String fragment, boolean java, boolean sql, String what) {
    assertEquals(java, sql, fragment + ": " + what);
    seen.add(fragment + "=" + java);
  }

  private String caseOf(ConsentRecord k, Instant at) {
    return CASES.stream().filter(c -> c.level() == k.level() && at.plus(c.from()).equals(k.validFrom())
            && c.persons().equals(k.persons()) && c.organisations().equals(k.organisations())
            && (c.until() == null ? k.validUntil() == null : at.plus(c.until()).equals(k.validUntil()))
            && (c.withdrawn() == null ? k.withdrawnAt() == null : at.plus(c.withdrawn()).equals(k.withdrawnAt())))
        .map(Case::name).findFirst().orElseThrow();
  }

  private Map<UUID, Row> sqlAnswers(UUID child, Instant at, Asked who, ConsentLevel needed) throws Exception {
    String query = """
        SELECT k.id,
               (%s) IS TRUE AS in_force,
               (%s) IS TRUE AS in_force_at,
               (%s) IS TRUE AS in_force_now,
               (%s) IS TRUE AS covers,
               (%s) IS TRUE AS satisfies_fixed,
               (%s) IS TRUE AS satisfies_param
        FROM consent k LEFT JOIN consent_withdrawal w ON w.consent_id = k.id
        WHERE k.child_id = $1""".formatted(
        ConsentRule.inForceSql("k", "$2::timestamptz"),
        ConsentRule.inForceAtSql("k", "w", "$2::timestamptz"),
        ConsentRule.inForceSql("k", "now()"),
        ConsentRule.coversSql("k", "$3::text", "$4::text"),
        ConsentRule.levelSql("k", needed),
        ConsentRule.levelSql("k", "$5::text[]"));
    Map<UUID, Row> byId = new HashMap<>();
    db.pool().preparedQuery(query)
        .execute(Tuple.of(child, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), who.username(), who.organisation(),
            ConsentRule.levelsSatisfying(needed)))
        .await(10, TimeUnit.SECONDS)
        .forEach(r -> byId.put(r.getUUID("id"), r));
    return byId;
  }

  private UUID childWith(List<Case> cases, Instant at) throws Exception {
    UUID child = UUID.randomUUID();
    try (Connection c = db.jdbc();
        PreparedStatement key = c.prepareStatement("INSERT INTO child_key (child_id) VALUES (?)");
        PreparedStatement row = c.prepareStatement("INSERT INTO child (id, name_ct, birth_date, contact_subject,"
            + " contact_username, contact_name, contact_kind, contact_since, created_by_username)"
            + " VALUES (?, '\\x00'::bytea, DATE '2020-01-01', ?, 'anna.bvc', 'Anna', 'CHILD_HEALTH_CARE', now(), 'anna.bvc')");
        PreparedStatement consent = c.prepareStatement("INSERT INTO consent (id, child_id, level, given_by_ct, organisations,"
            + " persons, person_details_ct, purpose_ct, valid_from, valid_until, recorded_by_subject, recorded_by_username)"
            + " VALUES (?, ?, ?, '\\x00'::bytea, ?, ?, '\\x00'::bytea, '\\x00'::bytea, ?, ?, ?, 'anna.bvc')");
        PreparedStatement withdrawal = c.prepareStatement("INSERT INTO consent_withdrawal (consent_id, withdrawn_at,"
            + " withdrawn_by_subject, withdrawn_by_username, reason_ct) VALUES (?, ?, ?, 'anna.bvc', '\\x00'::bytea)")) {
      key.setObject(1, child);
      key.executeUpdate();
      row.setObject(1, child);
      row.setObject(2, UUID.randomUUID());
      row.executeUpdate();
      for (Case k : cases) {
        UUID id = UUID.randomUUID();
        consent.setObject(1, id);
        consent.setObject(2, child);
        consent.setString(3, k.level().name());
        consent.setArray(4, c.createArrayOf("text", k.organisations().toArray()));
        consent.setArray(5, c.createArrayOf("text", k.persons().toArray()));
        consent.setObject(6, OffsetDateTime.ofInstant(at.plus(k.from()), ZoneOffset.UTC));
        consent.setObject(7, k.until() == null ? null : OffsetDateTime.ofInstant(at.plus(k.until()), ZoneOffset.UTC),
            java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        consent.setObject(8, UUID.randomUUID());
        consent.executeUpdate();
        if (k.withdrawn() != null) {
          withdrawal.setObject(1, id);
          withdrawal.setObject(2, OffsetDateTime.ofInstant(at.plus(k.withdrawn()), ZoneOffset.UTC));
          withdrawal.setObject(3, UUID.randomUUID());
          withdrawal.executeUpdate();
        }
      }
    }
    return child;
  }
}
