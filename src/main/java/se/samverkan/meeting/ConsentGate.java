package se.samverkan.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import se.samverkan.consent.ConsentCoverage;
import se.samverkan.consent.ConsentRecord;
import se.samverkan.consent.ConsentService;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.KeyVault;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.Principal;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;
import se.samverkan.sharinglog.Disclosure.BasisType;
import se.samverkan.sharinglog.Disclosure.LegalBasis;

/**
 * The consent gate of a meeting: who may learn that the meeting takes up a child, and on what legal
 * basis (written to the sharing log with each invitation).
 *
 * <ul>
 *   <li>A Barnteam (STANDING_TEAM) takes up a child only while a WRITTEN consent is in force, and
 *       each professional invited needs a WRITTEN consent in force that covers them (by name or
 *       organisation): a consent naming only BVC does not let the police or social services be told.
 *       The consent recorded as their legal basis is that one ({@link ConsentCoverage}).</li>
 *   <li>The child's own team needs WRITTEN_UPDATED covering each professional invited (by name or
 *       organisation).</li>
 *   <li>Someone outside the family without an account (role OTHER) needs a consent in force at the
 *       meeting's level that names them by e-mail ({@code externalPersons}).</li>
 *   <li>The child and the guardians need no consent: it is their own child. Their basis is FAMILY;
 *       that the account or address is a guardian's on record is checked before the gate.</li>
 * </ul>
 *
 * A refusal names everything that is missing at once — every child without consent and every person
 * not covered — so the organiser can put it right in one go.
 */
final class ConsentGate {

  private final ConsentService consents;
  private final KeyVault keys;

  ConsentGate(ConsentService consents, KeyVault keys) {
    this.consents = consents;
    this.keys = keys;
  }

  static ConsentLevel requiredLevel(MeetingKind kind) {
    return kind == MeetingKind.STANDING_TEAM ? ConsentLevel.WRITTEN : ConsentLevel.WRITTEN_UPDATED;
  }

  static boolean family(Invitee i) {
    return i.role().family();
  }

  static boolean isOrganiser(Invitee i, Principal organiser) {
    return i.account() != null && i.account().id().equals(organiser.subject());
  }

  /**
   * @param reveal     per child, the invitees who newly learn that the meeting takes it up
   * @param newlyTaken children the meeting newly takes up (a Barnteam needs their consent even when nobody new learns of them)
   * @return per child, the legal basis of each invitee in {@code reveal} (by {@link Invitee#key()})
   */
  Future<Map<UUID, Map<String, LegalBasis>>> check(MeetingKind kind, Map<UUID, List<Invitee>> reveal, Set<UUID> newlyTaken,
      Principal organiser) {
    Set<UUID> all = new LinkedHashSet<>(reveal.keySet());
    all.addAll(newlyTaken);
    List<UUID> ordered = new ArrayList<>(all);
    List<Future<Evaluation>> evaluations = new ArrayList<>();
    for (UUID child : ordered) {
      evaluations.add(Future.all(keys.keyFor(child), consents.ofChild(child)).map(loaded -> evaluate(kind, child,
          reveal.getOrDefault(child, List.of()), newlyTaken.contains(child), organiser, loaded.resultAt(0), loaded.resultAt(1))));
    }
    return Future.all(evaluations).compose(done -> {
      Map<UUID, Map<String, LegalBasis>> bases = new LinkedHashMap<>();
      List<Evaluation> results = done.list();
      List<UUID> withoutConsent = new ArrayList<>();
      Map<String, JsonObject> uncovered = new LinkedHashMap<>();
      List<String> names = new ArrayList<>();
      for (Evaluation e : results) {
        bases.put(e.child(), e.bases());
        if (e.childWithoutConsent()) {
          withoutConsent.add(e.child());
        }
        for (Missing m : e.missing()) {
          if (uncovered.putIfAbsent(m.key(), m.json()) == null) {
            names.add(m.label());
          }
        }
      }
      if (withoutConsent.isEmpty() && uncovered.isEmpty()) {
        return Future.succeededFuture(bases);
      }
      return Future.failedFuture(refusal(kind, withoutConsent, new ArrayList<>(uncovered.values()), names));
    });
  }

  record Missing(String key, JsonObject json, String label) {
  }

  record Evaluation(UUID child, boolean childWithoutConsent, List<Missing> missing, Map<String, LegalBasis> bases) {
  }

  static Evaluation evaluate(MeetingKind kind, UUID child, List<Invitee> reveal, boolean newlyTaken,
      Principal organiser, DataKey key, List<ConsentRecord> recorded) {
    Instant now = Instant.now();
    ConsentLevel level = requiredLevel(kind);
    // Newest first (the repository's order): the basis recorded is the latest consent that covers.
    List<ConsentRecord> inForce = recorded.stream().filter(c -> c.inForce(now) && c.level().satisfies(level)).toList();
    Optional<ConsentRecord> written = kind == MeetingKind.STANDING_TEAM ? inForce.stream().findFirst() : Optional.empty();
    boolean childWithoutConsent = kind == MeetingKind.STANDING_TEAM && written.isEmpty() && (newlyTaken || !reveal.isEmpty());
    List<Missing> missing = new ArrayList<>();
    Map<String, LegalBasis> bases = new HashMap<>();
    for (Invitee i : reveal) {
      if (isOrganiser(i, organiser)) {
        continue;
      }
      if (family(i)) {
        bases.put(i.key(), new LegalBasis(BasisType.FAMILY, null));
      } else if (i.account() != null) {
        String alias = i.account().organisation().map(Organisation::alias).orElse(null);
        Optional<ConsentRecord> covering = ConsentCoverage.covering(recorded, i.account().username(), alias, level, now);
        if (covering.isPresent()) {
          bases.put(i.key(), LegalBasis.consent(covering.get().id()));
        } else {
          JsonObject json = new JsonObject().put("username", i.account().username()).put("organisation", alias);
          if (kind == MeetingKind.STANDING_TEAM) {
            json.put("childId", child.toString());
          }
          missing.add(new Missing(kind == MeetingKind.STANDING_TEAM ? i.key() + "@" + child : i.key(), json,
              i.account().name() + i.account().organisation().map(o -> " (" + o.name() + ")").orElse("")));
        }
      } else {
        Optional<ConsentRecord> naming = inForce.stream().filter(c -> c.namesExternal(key, i.email())).findFirst();
        if (naming.isPresent()) {
          bases.put(i.key(), LegalBasis.consent(naming.get().id()));
        } else {
          JsonObject json = new JsonObject().put("name", i.name()).put("email", i.email());
          if (kind == MeetingKind.STANDING_TEAM) {
            json.put("childId", child.toString());
          }
          missing.add(new Missing(kind == MeetingKind.STANDING_TEAM ? i.key() + "@" + child : i.key(), json, i.name()));
        }
      }
    }
    return new Evaluation(child, childWithoutConsent, missing, bases);
  }

  /**
   * The refusal. Children are named by id only ({@code children}; a problem's detail may end up in
   * logs and screenshots and never names a child); people by name, as the organiser entered them.
   */
  private static ProblemException refusal(MeetingKind kind, List<UUID> withoutConsent, List<JsonObject> uncovered,
      List<String> people) {
    List<String> parts = new ArrayList<>();
    if (!withoutConsent.isEmpty()) {
      parts.add("Ett barn får tas upp i Barnteam bara med vårdnadshavarnas skriftliga samtycke, och det saknas för "
          + (withoutConsent.size() == 1 ? "ett av barnen." : withoutConsent.size() + " av barnen."));
    }
    if (!people.isEmpty()) {
      parts.add((kind == MeetingKind.STANDING_TEAM
          ? "Inget gällande skriftligt samtycke omfattar: "
          : "Inget gällande uppdaterat skriftligt samtycke omfattar: ")
          + String.join(", ", people) + ". De kan inte bjudas in förrän vårdnadshavarna samtyckt.");
    }
    Problem problem = Problem.of(ProblemType.CONSENT_REQUIRED, String.join(" ", parts))
        .with("requiredLevel", requiredLevel(kind).name());
    if (!withoutConsent.isEmpty()) {
      problem = problem.with("childId", withoutConsent.get(0).toString())
          .with("children", new JsonArray(withoutConsent.stream().map(UUID::toString).toList()));
    }
    if (!uncovered.isEmpty()) {
      problem = problem.with("missing", new JsonArray(new ArrayList<>(uncovered)));
    }
    return new ProblemException(problem);
  }
}
