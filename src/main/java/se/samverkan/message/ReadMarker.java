package se.samverkan.message;

import java.time.Instant;

/** How far one member has read a channel, and when they last moved the marker. */
public record ReadMarker(String username, long seq, Instant at) {

  public ReadMarker {
    if (username == null || at == null) {
      throw new IllegalArgumentException("a read marker names its reader and its time");
    }
  }
}
