package se.samverkan.testing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket client for tests (the JDK's): frames are collected and awaited with a predicate. */
public final class WsClient implements AutoCloseable {

  private final WebSocket socket;
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final List<JsonObject> seen = new ArrayList<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private volatile String closeReason;

  private WsClient(String baseUrl) {
    this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create(baseUrl.replace("http://", "ws://") + "/api/ws"), new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              frames.add(new JsonObject(partial.toString()));
              partial.setLength(0);
            }
            ws.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeReason = reason;
            closed.complete(statusCode);
            return null;
          }

          @Override
          public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
          }
        }).join();
  }

  public static WsClient connect(TestStack stack) {
    return new WsClient(stack.baseUrl());
  }

  /** Connects to any server (e.g. a separately started process) and authenticates with a token. */
  public static WsClient connect(String baseUrl, String token) {
    WsClient ws = new WsClient(baseUrl);
    ws.send(new JsonObject().put("type", "auth").put("token", token));
    ws.await(f -> "authenticated".equals(f.getString("type")), "authenticated");
    return ws;
  }

  /** Connects and authenticates as a dev user. */
  public static WsClient as(TestStack stack, String user) {
    WsClient ws = connect(stack);
    ws.send(new JsonObject().put("type", "auth").put("token", stack.token(user)));
    ws.await(f -> "authenticated".equals(f.getString("type")), "authenticated as " + user);
    return ws;
  }

  public WsClient send(JsonObject frame) {
    socket.sendText(frame.encode(), true).join();
    return this;
  }

  public WsClient sendRaw(String text) {
    socket.sendText(text, true).join();
    return this;
  }

  public WsClient sendBinary(byte[] data) {
    socket.sendBinary(ByteBuffer.wrap(data), true).join();
    return this;
  }

  public JsonObject subscribe(String childId, Long afterSeq) {
    JsonObject frame = new JsonObject().put("type", "subscribe").put("childId", childId);
    if (afterSeq != null) {
      frame.put("afterSeq", afterSeq);
    }
    send(frame);
    return await(f -> ("subscribed".equals(f.getString("type")) || "error".equals(f.getString("type")))
        && childId.equals(f.getString("childId")), "subscribed to " + childId);
  }

  /** The first frame (already received or arriving within 10 s) that matches. */
  public JsonObject await(Predicate<JsonObject> match, String what) {
    return await(match, what, Duration.ofSeconds(10));
  }

  public synchronized JsonObject await(Predicate<JsonObject> match, String what, Duration timeout) {
    for (JsonObject f : seen) {
      if (match.test(f)) {
        seen.remove(f);
        return f;
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonObject f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
        if (f == null) {
          throw new AssertionError("no frame " + what + " within " + timeout + "; seen: " + seen);
        }
        if (match.test(f)) {
          return f;
        }
        seen.add(f);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every frame received so far and not yet consumed by an await. */
  public synchronized java.util.stream.Stream<JsonObject> frames() {
    List<JsonObject> all = new ArrayList<>(seen);
    frames.drainTo(all);
    seen.clear();
    seen.addAll(all);
    return all.stream();
  }

  /** Messages of a channel as they arrive, in arrival order. */
  public List<JsonObject> messages(String childId, int count) {
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(await(f -> "message".equals(f.getString("type")) && childId.equals(f.getString("childId")),
          "message " + (i + 1) + " of " + count));
    }
    return out;
  }

  /** The close code the server sent, within the timeout. */
  public int awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("the server did not close the socket within " + timeout, e);
    }
  }

  public String closeReason() {
    return closeReason;
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
  }
}
