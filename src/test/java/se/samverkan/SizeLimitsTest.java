package se.samverkan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No main class over 400 lines (issue 11; exceptions would be named in docs/DECISIONS.md, none are).
 * A file that grows past it is split along a real responsibility, as AccessPolicy, ChannelConnection
 * and LoadBenchmark were.
 */
class SizeLimitsTest {

  static final int MAX_LINES = 400;

  @Test
  void noMainSourceFileShouldExceedFourHundredLines() throws IOException {
    assertEquals(List.of(), tooLong(Path.of("src/main/java"), MAX_LINES));
  }

  @Test
  void theCheckShouldReportAFileOverTheLimit() throws IOException {
    assertEquals(List.of("src/test/java/se/samverkan/SizeLimitsTest.java"),
        tooLong(Path.of("src/test/java/se/samverkan"), 10).stream()
            .filter(f -> f.endsWith("SizeLimitsTest.java")).toList());
  }

  /** The .java files under {@code root} longer than {@code max} lines, as paths with '/'. */
  static List<String> tooLong(Path root, int max) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java")).filter(p -> lines(p) > max)
          .map(p -> p.toString().replace('\\', '/')).sorted().toList();
    }
  }

  private static long lines(Path p) {
    try (Stream<String> l = Files.lines(p)) {
      return l.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
