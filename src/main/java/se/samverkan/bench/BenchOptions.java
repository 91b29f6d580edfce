package se.samverkan.bench;

import java.util.HashMap;
import java.util.Map;

/** The command line of {@code bench}: every option is {@code --name value}, each with a default. */
record BenchOptions(String url, String keycloak, String mode, int channels, int clients, int rate, int durationSeconds,
                    int warmupSeconds, int holdSeconds, int pairs, int messages) {

  static BenchOptions parse(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--") && i + 1 < args.length) {
        o.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("Unknown argument " + args[i] + "; see `bench --help`");
      }
    }
    return new BenchOptions(
        o.getOrDefault("url", "http://localhost:8080"),
        o.getOrDefault("keycloak", "http://localhost:8180"),
        o.getOrDefault("mode", "load"),
        Integer.parseInt(o.getOrDefault("channels", "100")),
        Integer.parseInt(o.getOrDefault("clients", "1000")),
        Integer.parseInt(o.getOrDefault("rate", "2000")),
        Integer.parseInt(o.getOrDefault("duration", "30")),
        Integer.parseInt(o.getOrDefault("warmup", "5")),
        Integer.parseInt(o.getOrDefault("hold", "20")),
        Integer.parseInt(o.getOrDefault("pairs", "2")),
        Integer.parseInt(o.getOrDefault("messages", "200")));
  }
}
