package se.samverkan.meeting;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import se.samverkan.crypto.KeyVault;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.Principal;
import se.samverkan.sharinglog.Disclosure;
import se.samverkan.sharinglog.SharingLog;

/** The sharing-log side of meeting invitations, written in the transaction that sends them. */
final class InvitationLog {

  private final KeyVault keys;
  private final SharingLog sharingLog;

  InvitationLog(KeyVault keys, SharingLog sharingLog) {
    this.keys = keys;
    this.sharingLog = sharingLog;
  }

  /**
   * Each invitation that tells someone a child is taken up is a disclosure: per child, one entry per
   * legal basis, naming the people told on it — the consent that covers them, or FAMILY for the child
   * and the guardians. Nobody is logged on a consent that does not exist.
   */
  Future<Void> write(SqlClient tx, MeetingKind kind, UUID meetingId, Map<UUID, List<Invitee>> reveal,
      Map<UUID, Map<String, Disclosure.LegalBasis>> bases, Principal who, Map<String, Organisation> orgs) {
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<UUID, List<Invitee>> told : reveal.entrySet()) {
      UUID child = told.getKey();
      Map<Disclosure.LegalBasis, List<Invitee>> byBasis = new LinkedHashMap<>();
      for (Invitee i : told.getValue()) {
        if (ConsentGate.isOrganiser(i, who)) {
          continue;
        }
        Disclosure.LegalBasis basis = Objects.requireNonNull(bases.getOrDefault(child, Map.of()).get(i.key()),
            "the gate gave no legal basis for an invitee");
        byBasis.computeIfAbsent(basis, b -> new ArrayList<>()).add(i);
      }
      for (Map.Entry<Disclosure.LegalBasis, List<Invitee>> group : byBasis.entrySet()) {
        List<Disclosure.Person> persons = new ArrayList<>();
        Map<String, Disclosure.Organisation> organisations = new LinkedHashMap<>();
        for (Invitee i : group.getValue()) {
          Disclosure.Organisation org = i.account() == null ? null : i.account().organisation()
              .map(o -> new Disclosure.Organisation(o.alias(), o.name())).orElse(null);
          persons.add(new Disclosure.Person(i.account() == null ? null : i.account().username(), i.name(), org));
          if (org != null && i.professional()) {
            organisations.putIfAbsent(org.alias(), org);
          }
        }
        Disclosure.LegalBasis basis = group.getKey();
        chain = chain.compose(x -> keys.keyFor(child)).compose(key -> sharingLog.append(tx, key, Disclosure.meetingInvitation(child,
            meetingId, "Inbjudan till " + kind.label().toLowerCase(Locale.ROOT) + " där barnet tas upp.",
            new Disclosure.Recipients(persons, new ArrayList<>(organisations.values())),
            kind == MeetingKind.STANDING_TEAM ? "Barnteam: gemensam bedömning av barnets behov" : "Möte i barnets team",
            basis, Disclosure.sharedBy(who, orgs)))).mapEmpty();
      }
    }
    return chain;
  }
}
