package se.samverkan.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every SAMVERKAN_* variable the code reads must be in the README's configuration table. */
class ReadmeDocumentsEveryVariableTest {

  @Test
  void everyEnvironmentVariableInTheCodeShouldBeDocumented() throws IOException {
    Pattern variable = Pattern.compile("\"(SAMVERKAN_[A-Z0-9_]+)\"");
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = variable.matcher(Files.readString(f));
        while (m.find()) {
          used.add(m.group(1));
        }
      }
    }
    String readme = Files.readString(Path.of("README.md"));
    Set<String> missing = new TreeSet<>();
    for (String v : used) {
      if (!readme.contains("`" + v + "`")) {
        missing.add(v);
      }
    }
    assertTrue(used.size() > 10, "expected to find the variables, found " + used);
    assertTrue(missing.isEmpty(), "Not documented in README.md: " + missing);
  }
}
