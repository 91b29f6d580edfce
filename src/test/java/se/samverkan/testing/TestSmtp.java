package se.samverkan.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** A real SMTP server for the tests (GreenMail), that a test can stop and start again. */
public final class TestSmtp implements AutoCloseable {

  private final int port;
  private GreenMail server;

  TestSmtp(int port) {
    this.port = port;
    start();
  }

  public int port() {
    return port;
  }

  public synchronized void start() {
    if (server == null) {
      server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      server.start();
    }
  }

  /** The SMTP server goes away: connections are refused until {@link #start()}. */
  public synchronized void stop() {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  public synchronized List<MimeMessage> received() {
    return server == null ? List.of() : Arrays.asList(server.getReceivedMessages());
  }

  /** Waits until the mails matching {@code filter} number at least {@code count}; returns them. */
  public List<MimeMessage> await(Predicate<MimeMessage> filter, int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<MimeMessage> matching = received().stream().filter(filter).toList();
      if (matching.size() >= count || System.nanoTime() > deadline) {
        return matching;
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
