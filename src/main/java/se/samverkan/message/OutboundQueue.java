package se.samverkan.message;

import static se.samverkan.message.Abandoned.ABANDONED;
import static se.samverkan.message.ChannelFrames.utf8Length;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The frames one connection could not hand to its socket yet, in order. A frame goes straight to
 * the socket while nothing waits and the socket takes more; otherwise it waits here until the
 * socket drains. The connection bounds it (together with what its subscriptions hold back for
 * order): a client too slow for that bound is closed and resumes from history.
 */
final class OutboundQueue {

  private final ServerWebSocket ws;
  /** The connection asked for the close: nothing more is written. */
  private final BooleanSupplier closing;
  /** Tells the connection that the socket closed under us, so that it counts as closing. */
  private final Runnable markClosing;
  private final ArrayDeque<String> outbound = new ArrayDeque<>();
  private long outboundBytes;
  private final List<Promise<Void>> drainWaiters = new ArrayList<>();

  OutboundQueue(ServerWebSocket ws, BooleanSupplier closing, Runnable markClosing) {
    this.ws = ws;
    this.closing = closing;
    this.markClosing = markClosing;
  }

  /** Writes the frame at once if nothing waits and the socket takes it; returns whether it had to queue. */
  boolean writeOrQueue(String frame, int bytes) {
    if (outbound.isEmpty() && !ws.writeQueueFull()) {
      write(frame);
      return false;
    }
    outbound.add(frame);
    outboundBytes += bytes;
    return true;
  }

  int frames() {
    return outbound.size();
  }

  long bytes() {
    return outboundBytes;
  }

  void clear() {
    outbound.clear();
    outboundBytes = 0;
  }

  /** Completes when everything queued has been handed to the socket and it can take more. */
  Future<Void> whenWritable() {
    if (outbound.isEmpty() && !ws.writeQueueFull()) {
      return Future.succeededFuture();
    }
    Promise<Void> writable = Promise.promise();
    drainWaiters.add(writable);
    return writable.future();
  }

  /** The connection closed: what waits is dropped, and so is whoever waits for the socket to drain. */
  void abandon() {
    clear();
    List.copyOf(drainWaiters).forEach(p -> p.tryFail(ABANDONED));
    drainWaiters.clear();
  }

  /**
   * The peer may have closed the socket before its close handler ran: Vert.x then throws. That
   * must not abort the fan-out of an event to the channel's other subscribers.
   */
  private void write(String frame) {
    try {
      ws.writeTextMessage(frame);
    } catch (IllegalStateException closedUnderUs) {
      markClosing.run();
      clear();
    }
  }

  /** The socket drained: hands it what waits, and wakes whoever waited once all of it is out. */
  void flush() {
    while (!closing.getAsBoolean() && !outbound.isEmpty() && !ws.writeQueueFull()) {
      String frame = outbound.poll();
      outboundBytes -= utf8Length(frame);
      write(frame);
    }
    if (outbound.isEmpty()) {
      outboundBytes = 0;
      if (!ws.writeQueueFull() && !drainWaiters.isEmpty()) {
        List<Promise<Void>> waiting = List.copyOf(drainWaiters);
        drainWaiters.clear();
        waiting.forEach(Promise::tryComplete);
      }
    }
  }
}
