package se.samverkan.sharinglog;

/**
 * The text of a key transition: the log announces that checkpoints from now on are signed by
 * another key (and may name another origin). The note is signed by the old key — which is what a
 * family's browser that pinned the old key checks — and by the new one, which shows its holder took
 * it over. Without such a note a browser reports a changed key or origin as a failure.
 * <pre>
 * samverkan sharing-log key transition v1
 * old-origin ORIGIN
 * old-key VERIFIER-KEY
 * new-origin ORIGIN
 * new-key VERIFIER-KEY
 * </pre>
 * Verifier keys are C2SP's {@code name+hash+base64(0x01 ‖ key)} (see {@link SignedNote#verifierKey()}).
 */
record KeyTransition(String oldOrigin, String oldVerifierKey, String newOrigin, String newVerifierKey) {

  static final String HEADER = "samverkan sharing-log key transition v1";

  KeyTransition {
    for (String field : new String[] {oldOrigin, oldVerifierKey, newOrigin, newVerifierKey}) {
      if (field.isEmpty() || field.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
        throw new IllegalArgumentException("a key transition field is one word without control characters: " + field);
      }
    }
    if (oldVerifierKey.equals(newVerifierKey) && oldOrigin.equals(newOrigin)) {
      throw new IllegalArgumentException("a key transition changes the key or the origin");
    }
  }

  String text() {
    return HEADER + "\n"
        + "old-origin " + oldOrigin + "\n"
        + "old-key " + oldVerifierKey + "\n"
        + "new-origin " + newOrigin + "\n"
        + "new-key " + newVerifierKey + "\n";
  }

  /** The note as served: signed by the old key, then by the new. */
  static String announce(SignedNote oldKey, String oldOrigin, SignedNote newKey, String newOrigin) {
    String text = new KeyTransition(oldOrigin, oldKey.verifierKey(), newOrigin, newKey.verifierKey()).text();
    return SignedNote.signedBy(text, oldKey, newKey);
  }
}
