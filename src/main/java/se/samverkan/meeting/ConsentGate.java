package se.samverkan.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import se.samverkan.consent.ConsentGateRule;
import se.samverkan.consent.ConsentService;
import se.samverkan.crypto.KeyVault;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.Principal;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;
import se.samverkan.sharinglog.Disclosure.LegalBasis;

/**
 * The consent gate of a meeting: who may learn that the meeting takes up a child, and on what legal
 * basis (written to the sharing log with each invitation). The rule is {@link ConsentGateRule}'s;
 * this reads each child's consents and key, says what each kind of meeting needs, and words the refusal.
 *
 * <ul>
 *   <li>A Barnteam (STANDING_TEAM) takes up a child only while a WRITTEN consent is in force, and
 *       each professional invited needs a WRITTEN consent in force that covers them (by name or
 *       organisation): a consent naming only BVC does not let the police or social services be told.
 *       The consent recorded as their legal basis is that one.</li>
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

  static ConsentGateRule.Requirement requirement(MeetingKind kind) {
    return new ConsentGateRule.Requirement(requiredLevel(kind), kind == MeetingKind.STANDING_TEAM);
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
    List<Future<ConsentGateRule.Evaluation>> evaluations = new ArrayList<>();
    for (UUID child : all) {
      List<ConsentGateRule.Recipient> recipients = reveal.getOrDefault(child, List.of()).stream()
          .map(i -> recipient(i, organiser)).toList();
      evaluations.add(Future.all(keys.keyFor(child), consents.ofChild(child)).map(loaded -> ConsentGateRule.evaluate(
          requirement(kind), child, recipients, newlyTaken.contains(child), loaded.resultAt(0), loaded.resultAt(1),
          Instant.now())));
    }
    return Future.all(evaluations).compose(done -> {
      ConsentGateRule.Verdict verdict = ConsentGateRule.combine(done.list());
      return verdict.passed() ? Future.succeededFuture(verdict.bases())
          : Future.failedFuture(refusal(kind, verdict.withoutConsent(), verdict.missing(), verdict.names()));
    });
  }

  /** An invitee as the gate's rule sees them. */
  static ConsentGateRule.Recipient recipient(Invitee i, Principal organiser) {
    if (isOrganiser(i, organiser)) {
      return new ConsentGateRule.Organiser(i.key());
    }
    if (family(i)) {
      return new ConsentGateRule.Family(i.key());
    }
    if (i.account() != null) {
      return new ConsentGateRule.Account(i.key(), i.account().username(),
          i.account().organisation().map(Organisation::alias).orElse(null),
          i.account().name() + i.account().organisation().map(o -> " (" + o.name() + ")").orElse(""));
    }
    return new ConsentGateRule.External(i.key(), i.name(), i.email());
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
