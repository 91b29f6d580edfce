package se.samverkan.bench;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * RFC 6455 by hand, for clients that must misbehave on purpose (a peer that never logs in, never
 * answers pings or sends what no library would): the upgrade request, the server's answer to it,
 * and masked client frames.
 */
public final class RawFrames {

  private static final SecureRandom RANDOM = new SecureRandom();

  private RawFrames() {
  }

  /** @param extraHeaders further header lines, each ending in CRLF (e.g. an extension offer) */
  public static byte[] upgradeRequest(String host, int port, String extraHeaders) {
    byte[] key = new byte[16];
    RANDOM.nextBytes(key);
    return ("GET /api/ws HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n"
        + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** The status line and headers up to the empty line. */
  public static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("closed during the handshake");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  /** The payload of a server frame whose first byte has been read: its length, then the bytes. */
  public static byte[] readPayload(java.io.DataInputStream in) throws IOException {
    long length = in.readUnsignedByte() & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[Math.toIntExact(length)];
    in.readFully(payload);
    return payload;
  }

  /**
   * A masked client frame of at most 64 KiB.
   *
   * @param firstByte FIN, RSV bits and opcode
   */
  public static byte[] clientFrame(int firstByte, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 8);
    frame.write(firstByte);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65_536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    } else {
      throw new IllegalArgumentException("frame too long for this client");
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    frame.write(mask, 0, 4);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    return frame.toByteArray();
  }
}
