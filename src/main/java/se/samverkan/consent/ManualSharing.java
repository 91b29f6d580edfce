package se.samverkan.consent;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.crypto.KeyVault;
import se.samverkan.identity.DirectoryLookup;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.Organisation;
import se.samverkan.policy.AccessPolicy.ChildAccess;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;
import se.samverkan.sharinglog.Disclosure;
import se.samverkan.sharinglog.SharingLog;

/**
 * A sharing done outside Samverkan (a phone call, a letter) recorded by hand. With consent as the
 * legal basis, the consent must be in force and cover every recipient; the duty to report concern
 * (SoL 14 kap. 1 §) is never blocked. Withholding the entry from the family needs a reason.
 */
public final class ManualSharing {

  private final Pool pool;
  private final KeyVault keys;
  private final KeycloakDirectory directory;
  private final ConsentRepository consents;
  private final SharingLog sharingLog;

  public ManualSharing(Pool pool, KeyVault keys, KeycloakDirectory directory, ConsentRepository consents, SharingLog sharingLog) {
    this.pool = pool;
    this.keys = keys;
    this.directory = directory;
    this.consents = consents;
    this.sharingLog = sharingLog;
  }

  public Future<JsonObject> record(ChildAccess access, JsonObject body) {
    UUID childId = access.childId();
    JsonObject recipients = body.getJsonObject("recipients");
    List<String> usernames = new ArrayList<>(new LinkedHashSet<>(strings(recipients.getJsonArray("persons"))));
    List<String> aliases = new ArrayList<>(new LinkedHashSet<>(strings(recipients.getJsonArray("organisations"))));
    JsonObject basisJson = body.getJsonObject("legalBasis");
    Disclosure.BasisType basisType = Disclosure.BasisType.valueOf(basisJson.getString("type"));
    boolean familyNotified = body.getBoolean("familyNotified");
    String withheldReason = body.getString("withheldReason");
    if (usernames.isEmpty() && aliases.isEmpty()) {
      return Future.failedFuture(ProblemException.invalid("Ange minst en mottagare (person eller organisation)."));
    }
    if (!familyNotified && (withheldReason == null || withheldReason.isBlank())) {
      return Future.failedFuture(ProblemException.invalid(
          "Om familjen inte ska få veta om delningen måste skälet anges (t.ex. att det kan skada barnet)."));
    }
    if (basisType == Disclosure.BasisType.CONSENT && basisJson.getString("consentId") == null) {
      return Future.failedFuture(ProblemException.invalid("Ange vilket samtycke delningen stöder sig på (consentId)."));
    }
    List<Future<DirectoryUser>> lookups = new ArrayList<>();
    for (String username : usernames) {
      lookups.add(DirectoryLookup.requireUser(directory, username));
    }
    return Future.all(directory.organisations(), Future.all(lookups), keys.keyFor(childId)).compose(ready -> {
      Map<String, Organisation> orgs = ready.resultAt(0);
      List<DirectoryUser> people = new ArrayList<>();
      ready.<io.vertx.core.CompositeFuture>resultAt(1).list().forEach(o -> people.add((DirectoryUser) o));
      for (String alias : aliases) {
        if (!orgs.containsKey(alias)) {
          return Future.failedFuture(new ProblemException(ProblemType.UNKNOWN_ORGANISATION, "Det finns ingen organisation " + alias + "."));
        }
      }
      Future<Disclosure.LegalBasis> basis = basisType == Disclosure.BasisType.CONSENT
          ? checkConsent(access, UUID.fromString(basisJson.getString("consentId")), people, aliases)
          : Future.succeededFuture(new Disclosure.LegalBasis(Disclosure.BasisType.DUTY_TO_REPORT, null));
      return basis.compose(legalBasis -> {
        Disclosure disclosure = Disclosure.manual(childId, body.getString("what").trim(),
            new Disclosure.Recipients(people.stream().map(u -> new Disclosure.Person(u.username(), u.name(),
                u.organisation().map(o -> new Disclosure.Organisation(o.alias(), o.name())).orElse(null))).toList(),
                aliases.stream().map(a -> new Disclosure.Organisation(a, orgs.get(a).name())).toList()),
            body.getString("purpose").trim(), legalBasis, Disclosure.sharedBy(access.principal(), orgs),
            familyNotified, familyNotified ? null : withheldReason.trim());
        return pool.withTransaction(tx -> sharingLog.append(tx, ready.resultAt(2), disclosure))
            .map(SharingLog.Entry::toJson);
      });
    });
  }

  /**
   * The consent must be in force and cover every recipient. A consent the caller sees only restricted
   * (recorded before a responsibility-only handover) cannot be relied on: whether it covers someone
   * would tell what it says, so it is refused like one that does not exist.
   */
  private Future<Disclosure.LegalBasis> checkConsent(ChildAccess access, UUID consentId, List<DirectoryUser> people,
      List<String> aliases) {
    return consents.find(pool, access.childId(), consentId).compose(found -> {
      Instant now = Instant.now();
      Optional<ConsentRecord> consent = found.filter(c -> c.visibleFrom(access.historyFrom()) && c.inForce(now));
      if (consent.isEmpty()) {
        // One answer for all of these, so that it tells nothing about a restricted consent.
        return Future.failedFuture(new ProblemException(ProblemType.CONSENT_REQUIRED, access.historyFrom() == null
            ? "Samtycket gäller inte (finns inte för barnet, är återkallat eller har gått ut)."
            : "Samtycket gäller inte (finns inte för barnet, är återkallat, har gått ut eller registrerades före ditt ansvar"
                + " för barnet)."));
      }
      List<String> uncovered = new ArrayList<>();
      for (DirectoryUser u : people) {
        if (!consent.get().covers(u.username(), u.organisation().map(Organisation::alias).orElse(null))) {
          uncovered.add(u.name());
        }
      }
      for (String alias : aliases) {
        if (!consent.get().organisations().contains(alias)) {
          uncovered.add(alias);
        }
      }
      if (!uncovered.isEmpty()) {
        return Future.failedFuture(new ProblemException(ProblemType.CONSENT_REQUIRED,
            "Samtycket omfattar inte: " + String.join(", ", uncovered) + "."));
      }
      return Future.succeededFuture(Disclosure.LegalBasis.consent(consentId));
    });
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(o -> out.add(String.valueOf(o)));
    }
    return out;
  }
}
