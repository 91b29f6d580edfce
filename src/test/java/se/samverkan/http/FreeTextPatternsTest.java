package se.samverkan.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rule for free text, checked on the whole contract: every string a client can send (request
 * bodies and parameters, through every {@code $ref}) is either closed — an {@code enum}, or a
 * {@code date}/{@code date-time} format the router checks — or has a {@code pattern} that refuses
 * every control character (C0, DEL, C1) and the Unicode line and paragraph separators. Only the
 * multi-line pattern may let tab and line feed through; carriage return never passes. The router
 * uses {@link Pattern} with {@code find()}, as checked here.
 */
class FreeTextPatternsTest {

  static final String MULTI_LINE = "^[^\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u2028\\u2029]*(?![\\s\\S])";
  private static final Set<String> CLOSED_FORMATS = Set.of("date", "date-time");
  /** Strings that some pattern of the contract accepts; a control character is put into the first that fits. */
  private static final List<String> SAMPLES = List.of("Åsa Öberg-Lind", "karin@example.se",
      "0b1a6c2e-1d8e-4a40-9a51-5c0f0a000001", "070-123 45 67", "anna.bvc", "2016-01-01", "199001011234",
      "A".repeat(40));

  private Map<String, Object> contract;
  private final Map<String, String> checked = new TreeMap<>();
  private final List<String> failures = new ArrayList<>();

  @Test
  void everyFreeTextStringOfTheContractShouldRefuseControlCharacters() throws Exception {
    contract = new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of("src/main/resources/openapi.yaml")));
    walkOperations();
    assertTrue(failures.isEmpty(), "free text that lets control characters in:\n" + String.join("\n", failures));
    // Not vacuous: the fields that reach mails, calendars and logs were among those checked.
    for (String field : List.of("NewMeeting.location", "NewMeeting.title", "NewGuardian.name", "NewChild.name",
        "NewParticipant.name", "MeetingChange.location", "ExternalPerson.name", "Text")) {
      assertTrue(checked.keySet().stream().anyMatch(k -> k.endsWith(field)), field + " was not checked: " + checked.keySet());
    }
  }

  @SuppressWarnings("unchecked")
  private void walkOperations() {
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) contract.get("paths");
    paths.forEach((path, item) -> {
      parameters(path, item.get("parameters"));
      item.forEach((method, value) -> {
        if (value instanceof Map<?, ?> op && op.containsKey("operationId")) {
          String id = (String) op.get("operationId");
          parameters(id, op.get("parameters"));
          if (op.get("requestBody") instanceof Map<?, ?> body && body.get("content") instanceof Map<?, ?> content) {
            content.values().forEach(media -> walk(id + " body", ((Map<String, Object>) media).get("schema"), Set.of()));
          }
        }
      });
    });
  }

  @SuppressWarnings("unchecked")
  private void parameters(String where, Object parameters) {
    if (!(parameters instanceof List<?> list)) {
      return;
    }
    for (Object p : list) {
      Map<String, Object> parameter = (Map<String, Object>) p;
      if (parameter.containsKey("$ref")) {
        parameter = (Map<String, Object>) component("parameters", (String) parameter.get("$ref"));
      }
      walk(where + " ?" + parameter.get("name"), parameter.get("schema"), Set.of());
    }
  }

  private Object component(String kind, String ref) {
    String name = ref.substring(ref.lastIndexOf('/') + 1);
    return ((Map<?, ?>) ((Map<?, ?>) contract.get("components")).get(kind)).get(name);
  }

  @SuppressWarnings("unchecked")
  private void walk(String where, Object node, Set<String> seen) {
    if (!(node instanceof Map<?, ?>)) {
      return;
    }
    Map<String, Object> schema = (Map<String, Object>) node;
    if (schema.get("$ref") instanceof String ref) {
      String name = ref.substring(ref.lastIndexOf('/') + 1);
      if (!seen.contains(name)) {
        Set<String> deeper = new java.util.HashSet<>(seen);
        deeper.add(name);
        walk(name, component("schemas", ref), deeper);
      }
      return;
    }
    for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
      if (schema.get(combinator) instanceof List<?> alternatives) {
        alternatives.forEach(a -> walk(where, a, seen));
      }
    }
    walk(where + "[]", schema.get("items"), seen);
    if (schema.get("properties") instanceof Map<?, ?> properties) {
      properties.forEach((name, property) -> walk(where + "." + name, property, seen));
    }
    Object type = schema.get("type");
    boolean string = "string".equals(type) || type instanceof List<?> types && types.contains("string");
    if (string && !schema.containsKey("enum") && !(schema.get("format") instanceof String format && CLOSED_FORMATS.contains(format))) {
      check(where, (String) schema.get("pattern"));
    }
  }

  private void check(String where, String pattern) {
    checked.put(where, String.valueOf(pattern));
    if (pattern == null) {
      failures.add(where + ": no pattern");
      return;
    }
    Pattern compiled = Pattern.compile(pattern);
    String sample = SAMPLES.stream().filter(s -> compiled.matcher(s).find()).findFirst().orElse(null);
    if (sample == null) {
      failures.add(where + ": " + pattern + " accepts none of the samples; add one it accepts to SAMPLES");
      return;
    }
    for (char c : forbidden(pattern)) {
      for (String probe : List.of(sample.substring(0, sample.length() / 2) + c + sample.substring(sample.length() / 2),
          sample + c, c + sample)) {
        if (compiled.matcher(probe).find()) {
          failures.add(where + ": " + pattern + " accepts U+" + String.format("%04X", (int) c));
          return;
        }
      }
    }
  }

  private static List<Character> forbidden(String pattern) {
    List<Character> out = new ArrayList<>();
    for (char c = 0; c <= 0x9F; c++) {
      boolean control = c < 0x20 || c >= 0x7F;
      boolean lineBreakAllowed = MULTI_LINE.equals(pattern) && (c == '\t' || c == '\n');
      if (control && !lineBreakAllowed) {
        out.add(c);
      }
    }
    out.add('\u2028');
    out.add('\u2029');
    return out;
  }
}
