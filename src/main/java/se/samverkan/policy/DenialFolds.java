package se.samverkan.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which refusals the access log writes at once and which it folds: the first refusal of a kind is
 * written at once; identical ones within the window after it are only counted, and the count goes
 * into one later row (when the window has passed, or when the next identical refusal opens a new
 * one). A row's count is the number of refusals since the previous row of the same kind, the last
 * one at the row's time. Pure bookkeeping, no I/O; thread-safe.
 */
final class DenialFolds {

  /** What makes two refusals identical. A child id is only part of it if the child exists. */
  record Kind(UUID subject, String username, String organisation, String action, UUID childId) {
  }

  /** A row to write: {@code count} refusals of {@code kind}. */
  record Row(Kind kind, int count) {
  }

  private static final class Window {
    final long openedNanos;
    int folded;

    Window(long openedNanos) {
      this.openedNanos = openedNanos;
    }
  }

  private final long windowNanos;
  private final ConcurrentHashMap<Kind, Window> windows = new ConcurrentHashMap<>();

  DenialFolds(Duration window) {
    this.windowNanos = window.toNanos();
  }

  /** A refusal at {@code nowNanos}: the count of the row to write now, or 0 if it is folded. */
  int refused(Kind kind, long nowNanos) {
    int[] write = {0};
    windows.compute(kind, (k, open) -> {
      if (open == null || nowNanos - open.openedNanos >= windowNanos) {
        write[0] = 1 + (open == null ? 0 : open.folded);
        return new Window(nowNanos);
      }
      open.folded++;
      return open;
    });
    return write[0];
  }

  /** Closes the windows that have passed (all of them if {@code everything}); the rows their counts need. */
  List<Row> close(long nowNanos, boolean everything) {
    List<Row> rows = new ArrayList<>();
    for (Kind kind : windows.keySet()) {
      windows.computeIfPresent(kind, (k, open) -> {
        if (!everything && nowNanos - open.openedNanos < windowNanos) {
          return open;
        }
        if (open.folded > 0) {
          rows.add(new Row(k, open.folded));
        }
        return null;
      });
    }
    return rows;
  }

  /** Open windows (for tests and the memory bound: one per kind refused within the window). */
  int open() {
    return windows.size();
  }
}
