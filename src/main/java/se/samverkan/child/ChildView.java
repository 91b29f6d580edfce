package se.samverkan.child;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import se.samverkan.caremodel.ContactKind;
import se.samverkan.caremodel.Schooling;
import se.samverkan.identity.Organisation;
import se.samverkan.policy.TeamRole;

/**
 * A child opened for the caller, as {@link ChildJson} renders it (Child): the summary every list
 * shows, and what only the child's own page adds. {@code expectedContactKind} is null when the care
 * model has no ChildContact for the child's age and schooling; {@code supportCoordinator} is null
 * when there is none or the caller's view of the history begins after it was named.
 */
record ChildView(Summary summary, String personalNumber, int ageYears, Schooling schooling, boolean schoolingStated,
                 ContactKind expectedContactKind, boolean handoverDue, Person supportCoordinator, Instant historyFrom,
                 List<Guardian> guardians) {

  /** A child in the caller's list (ChildSummary): its name opened, the caller's role, organisations to name. */
  record Summary(ChildRecord child, String name, TeamRole myRole, Map<String, Organisation> orgs) {
  }

  /** A person as the contract's Person shows them; {@code organisation} an alias, named when rendered. */
  record Person(String username, String name, String organisation) {

    static Person contactOf(ChildRecord child) {
      return new Person(child.contactUsername(), child.contactName(), child.contactOrganisation());
    }
  }

  /** A guardian with the fields opened; {@code phone} and {@code username} (the linked account) may be null. */
  record Guardian(UUID id, String name, String email, String phone, String username) {
  }

  /** A handover done: {@code consentId} is the consent that let the child's information move, null when none did. */
  record Handover(UUID id, UUID childId, Person from, Person to, ContactKind fromKind, ContactKind toKind, Instant at,
                  UUID consentId, Map<String, Organisation> orgs) {

    boolean informationTransferred() {
      return consentId != null;
    }
  }

  /** A child of the caller's whose ChildContact should change; {@code expectedKind} null when the model has none. */
  record DueHandover(UUID childId, String name, LocalDate birthDate, int ageYears, Schooling schooling,
                     ContactKind currentKind, ContactKind expectedKind, String reason) {
  }
}
