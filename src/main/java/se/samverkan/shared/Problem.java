package se.samverkan.shared;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem detail. {@code type} is a stable URI clients may switch on; {@code title} is
 * the Swedish text shown to people; {@code detail} explains this occurrence and must never carry
 * personal data, since problems can end up in logs and screenshots.
 */
public record Problem(ProblemType type, String detail, Map<String, Object> extensions) {

  public Problem {
    Objects.requireNonNull(type, "type");
    extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
  }

  public static Problem of(ProblemType type) {
    return new Problem(type, null, Map.of());
  }

  public static Problem of(ProblemType type, String detail) {
    return new Problem(type, detail, Map.of());
  }

  public Problem with(String key, Object value) {
    var copy = new java.util.LinkedHashMap<>(extensions);
    copy.put(key, value);
    return new Problem(type, detail, copy);
  }

  public int status() {
    return type.status();
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("type", type.uri())
        .put("title", type.title())
        .put("status", type.status());
    if (detail != null) {
      json.put("detail", detail);
    }
    extensions.forEach(json::put);
    return json;
  }
}
