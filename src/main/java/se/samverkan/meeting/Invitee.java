package se.samverkan.meeting;

import java.util.Locale;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.identity.Role;

/** A participant as requested, resolved: an account from the directory, or a name and an address. */
record Invitee(DirectoryUser account, String name, String email, ParticipantRole role) {
  String key() {
    return account != null ? "user:" + account.username() : "mail:" + email.toLowerCase(Locale.ROOT);
  }

  boolean professional() {
    return account != null && account.has(Role.PROFESSIONAL);
  }
}
