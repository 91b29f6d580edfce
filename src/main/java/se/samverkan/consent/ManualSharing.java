package se.samverkan.consent;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.crypto.DataKey;
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

  public Future<SharingLog.Entry> record(ChildAccess access, ManualSharingRequest request) {
    return Future.all(directory.organisations(), recipients(request.persons()), keys.keyFor(access.childId()))
        .compose(ready -> record(access, request, ready.resultAt(0), ready.resultAt(1), ready.resultAt(2)));
  }

  private Future<List<DirectoryUser>> recipients(List<String> usernames) {
    List<Future<DirectoryUser>> lookups = usernames.stream().map(u -> DirectoryLookup.requireUser(directory, u)).toList();
    return Future.all(lookups).map(all -> all.<DirectoryUser>list());
  }

  private Future<SharingLog.Entry> record(ChildAccess access, ManualSharingRequest request, Map<String, Organisation> orgs,
      List<DirectoryUser> people, DataKey key) {
    return KnownOrganisations.require(request.organisations(), orgs)
        .compose(v -> legalBasis(access, request, people))
        .map(basis -> disclosure(access, request, orgs, people, basis))
        .compose(disclosure -> pool.withTransaction(tx -> sharingLog.append(tx, key, disclosure)));
  }

  private Future<Disclosure.LegalBasis> legalBasis(ChildAccess access, ManualSharingRequest request, List<DirectoryUser> people) {
    return request.basis() == Disclosure.BasisType.CONSENT
        ? checkConsent(access, request.consentId(), people, request.organisations())
        : Future.succeededFuture(new Disclosure.LegalBasis(Disclosure.BasisType.DUTY_TO_REPORT, null));
  }

  private static Disclosure disclosure(ChildAccess access, ManualSharingRequest request, Map<String, Organisation> orgs,
      List<DirectoryUser> people, Disclosure.LegalBasis basis) {
    Disclosure.Recipients recipients = new Disclosure.Recipients(
        people.stream().map(u -> new Disclosure.Person(u.username(), u.name(),
            u.organisation().map(o -> new Disclosure.Organisation(o.alias(), o.name())).orElse(null))).toList(),
        request.organisations().stream().map(a -> new Disclosure.Organisation(a, orgs.get(a).name())).toList());
    return Disclosure.manual(access.childId(), request.what(), recipients, request.purpose(), basis,
        Disclosure.sharedBy(access.principal(), orgs), request.familyNotified(), request.withheldReason());
  }

  /**
   * The consent must be in force and cover every recipient. A consent the caller sees only restricted
   * (recorded before a responsibility-only handover) cannot be relied on: whether it covers someone
   * would tell what it says, so it is refused like one that does not exist.
   */
  private Future<Disclosure.LegalBasis> checkConsent(ChildAccess access, UUID consentId, List<DirectoryUser> people,
      List<String> aliases) {
    return consents.find(pool, access.childId(), consentId)
        .compose(found -> usable(access, found))
        .compose(consent -> covering(consent, people, aliases));
  }

  private static Future<ConsentRecord> usable(ChildAccess access, Optional<ConsentRecord> found) {
    Instant now = Instant.now();
    Optional<ConsentRecord> consent = found.filter(c -> c.visibleFrom(access.historyFrom()) && c.inForce(now));
    if (consent.isPresent()) {
      return Future.succeededFuture(consent.get());
    }
    // One answer for all of these, so that it tells nothing about a restricted consent.
    return Future.failedFuture(new ProblemException(ProblemType.CONSENT_REQUIRED, access.historyFrom() == null
        ? "Samtycket gäller inte (finns inte för barnet, är återkallat eller har gått ut)."
        : "Samtycket gäller inte (finns inte för barnet, är återkallat, har gått ut eller registrerades före ditt ansvar"
            + " för barnet)."));
  }

  private static Future<Disclosure.LegalBasis> covering(ConsentRecord consent, List<DirectoryUser> people, List<String> aliases) {
    List<String> uncovered = new ArrayList<>();
    for (DirectoryUser u : people) {
      if (!consent.covers(u.username(), u.organisation().map(Organisation::alias).orElse(null))) {
        uncovered.add(u.name());
      }
    }
    for (String alias : aliases) {
      if (!consent.organisations().contains(alias)) {
        uncovered.add(alias);
      }
    }
    if (!uncovered.isEmpty()) {
      return Future.failedFuture(new ProblemException(ProblemType.CONSENT_REQUIRED,
          "Samtycket omfattar inte: " + String.join(", ", uncovered) + "."));
    }
    return Future.succeededFuture(Disclosure.LegalBasis.consent(consent.id()));
  }
}
