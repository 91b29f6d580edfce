package se.samverkan.message;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import se.samverkan.bench.RawFrames;

/**
 * A deliberately bad WebSocket client (RFC 6455 framing by hand): it answers no ping and reads only
 * when told to, so tests can play a peer that vanished or one that cannot keep up. Any well-behaved
 * client library would answer pings and read eagerly.
 */
final class RawWebSocket implements AutoCloseable {

  record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }

    String closeReason() {
      return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }
  }

  static final int TEXT = 1;
  static final int CLOSE = 8;
  static final int PING = 9;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  /** The server's answer to the upgrade request (status line and headers). */
  private String handshake = "";

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** @param receiveBufferBytes the socket's receive buffer (0: the system's); small makes a slow reader */
  static RawWebSocket connect(int port, int receiveBufferBytes) throws IOException {
    return connect(null, port, receiveBufferBytes, "");
  }

  /**
   * @param from         the local loopback address to connect from (e.g. 127.0.0.2, so that the server
   *                     sees several remote addresses), or null for the default
   * @param extraHeaders further request header lines, each ending in CRLF (e.g. an extension offer)
   */
  static RawWebSocket connect(String from, int port, int receiveBufferBytes, String extraHeaders) throws IOException {
    Socket socket = new Socket();
    if (receiveBufferBytes > 0) {
      socket.setReceiveBufferSize(receiveBufferBytes);
    }
    if (from != null) {
      socket.bind(new InetSocketAddress(from, 0));
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.getOutputStream().write(RawFrames.upgradeRequest("127.0.0.1", port, extraHeaders));
    socket.getOutputStream().flush();
    RawWebSocket ws = new RawWebSocket(socket);
    String head = RawFrames.readHead(ws.in);
    ws.handshake = head;
    if (!head.startsWith("HTTP/1.1 101")) {
      socket.close();
      throw new IOException("no WebSocket upgrade: " + head.lines().findFirst().orElse(""));
    }
    return ws;
  }

  String handshake() {
    return handshake;
  }

  void sendText(String text) throws IOException {
    sendFrame(0x80 | TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** A final text frame with RSV1 set: its payload is raw DEFLATE, as permessage-deflate (RFC 7692) sends it. */
  void sendCompressedText(byte[] deflated) throws IOException {
    sendFrame(0x80 | 0x40 | TEXT, deflated);
  }

  private void sendFrame(int firstByte, byte[] payload) throws IOException {
    out.write(RawFrames.clientFrame(firstByte, payload));
    out.flush();
  }

  /** The next frame from the server, or null if none came within the timeout. Pings are returned, never answered. */
  Frame read(Duration timeout) throws IOException {
    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    int b0;
    try {
      b0 = in.read();
    } catch (SocketTimeoutException e) {
      return null;
    }
    if (b0 < 0) {
      throw new EOFException("the server closed the connection");
    }
    socket.setSoTimeout(10_000);
    return new Frame(b0 & 0x0f, RawFrames.readPayload(in));
  }

  /** Reads (and drops) frames until the server's close frame; its code, or -1 if the connection just ended. */
  int awaitClose(Duration timeout) throws IOException {
    Frame close = awaitCloseFrame(timeout);
    return close == null ? -1 : close.closeCode();
  }

  /** The server's close frame (frames before it are dropped), or null if the connection just ended. */
  Frame awaitCloseFrame(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Frame f;
      try {
        f = read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      } catch (EOFException | java.net.SocketException ended) {
        return null;
      }
      if (f != null && f.opcode() == CLOSE) {
        return f;
      }
    }
    throw new AssertionError("the server did not close the socket within " + timeout);
  }

  /** The next text frame, skipping pings; fails if none comes within the timeout. */
  String awaitText(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Frame f = read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      if (f != null && f.opcode() == TEXT) {
        return f.text();
      }
      if (f != null && f.opcode() == CLOSE) {
        throw new AssertionError("closed with " + f.closeCode() + " while waiting for a text frame");
      }
    }
    throw new AssertionError("no text frame within " + timeout);
  }

  /** Whether the socket received a ping within the timeout (other frames are dropped). */
  boolean pinged(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Frame f = read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      if (f != null && f.opcode() == PING) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
