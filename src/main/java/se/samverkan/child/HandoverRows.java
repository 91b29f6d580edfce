package se.samverkan.child;

import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.caremodel.ContactKind;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.SealLabel;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.sharinglog.Disclosure;

/** What a handover writes: its row (the reason sealed under the child's key) and its sharing-log entry. */
final class HandoverRows {

  private HandoverRows() {
  }

  static Map<String, Object> row(DataKey key, UUID handoverId, ChildRecord child, DirectoryUser to, String toOrg,
      ContactKind toKind, String reason, Optional<UUID> consent, Instant now) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", handoverId);
    row.put("child", child.id());
    row.put("fromUsername", child.contactUsername());
    row.put("fromName", child.contactName());
    row.put("fromOrg", child.contactOrganisation());
    row.put("toSubject", UUID.fromString(to.id()));
    row.put("toUsername", to.username());
    row.put("toName", to.name());
    row.put("toOrg", toOrg);
    row.put("fromKind", child.contactKind().name());
    row.put("toKind", toKind.name());
    row.put("reason", Buffer.buffer(key.seal(SealLabel.HANDOVER_REASON, handoverId, reason)));
    row.put("transferred", consent.isPresent());
    row.put("consent", consent.orElse(null));
    row.put("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
    return row;
  }

  static Disclosure disclosure(UUID childId, UUID handoverId, DirectoryUser to, String reason,
      Optional<UUID> consent, Disclosure.Person sharedBy) {
    boolean transferred = consent.isPresent();
    return Disclosure.handover(childId, handoverId,
        transferred
            ? "Ansvaret som barnkontakt överlämnades tillsammans med barnets information."
            : "Ansvaret som barnkontakt överlämnades. Ingen information om barnet fördes över (inget samtycke omfattar mottagaren).",
        new Disclosure.Person(to.username(), to.name(),
            to.organisation().map(o -> new Disclosure.Organisation(o.alias(), o.name())).orElse(null)),
        reason,
        transferred ? Disclosure.LegalBasis.consent(consent.get())
            : new Disclosure.LegalBasis(Disclosure.BasisType.CARE_MODEL, null),
        sharedBy);
  }
}
