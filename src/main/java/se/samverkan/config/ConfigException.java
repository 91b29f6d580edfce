package se.samverkan.config;

import java.util.List;

/** The configuration cannot start the server; the message lists every problem at once. */
public final class ConfigException extends RuntimeException {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super("Samverkan cannot start, the configuration is incomplete:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
