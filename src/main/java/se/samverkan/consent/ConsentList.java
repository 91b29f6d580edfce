package se.samverkan.consent;

import java.time.Instant;
import java.util.List;

/** The child's consents as the caller may see them, newest first; {@code historyFrom} as in {@link ConsentView}. */
public record ConsentList(List<ConsentView> consents, Instant historyFrom) {

  public ConsentList {
    consents = List.copyOf(consents);
  }
}
