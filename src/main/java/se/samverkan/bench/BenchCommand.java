package se.samverkan.bench;

import java.io.PrintStream;

/**
 * {@code java -jar samverkan.jar bench}: load benchmarks of the team channels against a running dev
 * server. {@code load}, {@code saturate} and {@code idle} are the {@link LoadBenchmark}; {@code inflate}
 * is the {@link InflateBenchmark}; {@code direct} the {@link DirectBenchmark} of direct messages. All
 * only talk to the URLs they are given.
 */
public final class BenchCommand {

  public static final String USAGE = """
      Usage: java -jar samverkan.jar bench [--mode load|saturate|idle|inflate|direct] [--url http://localhost:8080]
             [--keycloak http://localhost:8180] [--channels 100] [--clients 1000] [--rate 2000]
             [--duration 30] [--warmup 5] [--hold 20] [--pairs 2] [--messages 200]

      --mode inflate: --clients sockets (no login) offer permessage-deflate and send frames of 48 KiB
      that inflate to 50 MiB, for --duration seconds at most, while anna.bvc sends to erik.rektor once
      a second; prints the server's heap before, at its peak and after, and the round trips.

      --mode direct: --pairs pairs of dev users (1-10, disjoint pairs first), two devices each (HPKE key
      pairs registered through the API, removed at the end), one direct conversation per pair; every
      device subscribes with subscribe-direct, both persons of a pair send --messages sealed messages
      each (plus a tenth as warm-up), one at a time; prints sends/s and send→delivery percentiles
      (delivery: a recipient's device received the "direct" frame and opened it). Start the server with
      the raised limits below, as for load (a refused send is counted with its status).

      Runs against a server started with `dev` (the dev users must exist). Start that server with
      limits that allow the load (five users hold all the sockets and send all the frames), e.g.
      SAMVERKAN_MESSAGE_RATE_PER_SECOND=100000 SAMVERKAN_MESSAGE_BURST=100000
      SAMVERKAN_WS_FRAMES_PER_SECOND=100000 SAMVERKAN_WS_FRAME_BURST=100000
      SAMVERKAN_WS_SOCKETS_PER_USER=10000 SAMVERKAN_WS_UNAUTHENTICATED_PER_ADDRESS=1000
      SAMVERKAN_WS_UNAUTHENTICATED_TOTAL=1000; the inflate mode needs none of them. See docs/BENCHMARKS.md.
      """;

  private BenchCommand() {
  }

  public static int run(String[] args, PrintStream out) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(USAGE);
      return 0;
    }
    BenchOptions options = BenchOptions.parse(args);
    DevServer server = new DevServer(options.url(), options.keycloak());
    if (options.mode().equals("inflate")) {
      return new InflateBenchmark(server, options, out).run();
    }
    if (options.mode().equals("direct")) {
      return new DirectBenchmark(server, options, out).run();
    }
    return new LoadBenchmark(server, options, out).run();
  }
}
