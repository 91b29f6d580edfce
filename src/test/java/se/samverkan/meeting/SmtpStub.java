package se.samverkan.meeting;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A tiny SMTP server for the cases GreenMail cannot play: a server that refuses a recipient with a
 * chosen reply (550, 451), one that does not offer STARTTLS, or one that accepts the connection and
 * then never answers. It speaks real SMTP over a socket (RFC 5321: greeting, EHLO, MAIL, RCPT, DATA,
 * QUIT), one connection at a time per thread, and records what the client said.
 */
final class SmtpStub implements AutoCloseable {

  private final ServerSocket server;
  private final Function<String, String> rcptReply;
  private final boolean silent;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final List<String> delivered = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  /**
   * @param port      the port to listen on (0: any)
   * @param rcptReply the reply to {@code RCPT TO} for an address (lower case), e.g. "250 OK" or "550 5.1.1 unknown"
   * @param silent    accept connections and never say anything (a hung server)
   */
  SmtpStub(int port, Function<String, String> rcptReply, boolean silent) throws IOException {
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    this.rcptReply = rcptReply;
    this.silent = silent;
    this.acceptor = Thread.ofVirtual().start(this::accept);
  }

  int port() {
    return server.getLocalPort();
  }

  /** Every command line received, e.g. "EHLO …", "RCPT TO:<a@b>", "STARTTLS". */
  List<String> commands() {
    return List.copyOf(commands);
  }

  /** The recipients of each mail whose DATA was accepted. */
  List<String> delivered() {
    return List.copyOf(delivered);
  }

  long rcptCount(String address) {
    return commands.stream().filter(c -> c.toUpperCase(Locale.ROOT).startsWith("RCPT TO:")
        && c.toLowerCase(Locale.ROOT).contains(address.toLowerCase(Locale.ROOT))).count();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        Thread.ofVirtual().start(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      if (silent) {
        // Read and ignore until the client gives up: the server "hangs".
        socket.getInputStream().transferTo(OutputStream.nullOutputStream());
        return;
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      say(out, "220 stub.localhost ESMTP");
      List<String> recipients = new ArrayList<>();
      String line;
      while ((line = in.readLine()) != null) {
        commands.add(line);
        String upper = line.toUpperCase(Locale.ROOT);
        if (upper.startsWith("EHLO")) {
          // No STARTTLS, no AUTH: a plain server.
          say(out, "250-stub.localhost\r\n250 8BITMIME");
        } else if (upper.startsWith("HELO")) {
          say(out, "250 stub.localhost");
        } else if (upper.startsWith("MAIL FROM:")) {
          recipients.clear();
          say(out, "250 OK");
        } else if (upper.startsWith("RCPT TO:")) {
          String address = line.substring(line.indexOf(':') + 1).replaceAll("[<>\\s]", "").toLowerCase(Locale.ROOT);
          String reply = rcptReply.apply(address);
          if (reply.startsWith("250")) {
            recipients.add(address);
          }
          say(out, reply);
        } else if (upper.equals("DATA")) {
          say(out, "354 go ahead");
          String data;
          while ((data = in.readLine()) != null && !data.equals(".")) {
            // the message itself is not kept
          }
          delivered.addAll(recipients);
          say(out, "250 OK queued");
        } else if (upper.equals("RSET")) {
          recipients.clear();
          say(out, "250 OK");
        } else if (upper.equals("NOOP")) {
          say(out, "250 OK");
        } else if (upper.equals("QUIT")) {
          say(out, "221 bye");
          return;
        } else {
          say(out, "502 not implemented");
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void say(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
