package se.samverkan.shared;

/**
 * The three steps of consent (samtycke). Each step needs its level or a later one: an updated
 * written consent also covers what a written one would.
 */
public enum ConsentLevel {
  /** Muntligt: the Discoverer may share the discovery with the ChildContact. */
  ORAL,
  /** Skriftligt: the child may be raised in a standing Barnteam. */
  WRITTEN,
  /** Uppdaterat skriftligt: lifts secrecy for the named organisations in the child's own team. */
  WRITTEN_UPDATED;

  public boolean satisfies(ConsentLevel needed) {
    return compareTo(needed) >= 0;
  }
}
