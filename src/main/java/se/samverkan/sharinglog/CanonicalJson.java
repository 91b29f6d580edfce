package se.samverkan.sharinglog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one byte form of a sharing-log entry that is hashed into the Merkle tree: JSON with object
 * keys sorted (by UTF-16 code units, as in RFC 8785), no insignificant whitespace, strings escaped
 * minimally, integers only. Anyone holding the text can recompute the leaf hash.
 */
public final class CanonicalJson {

  private CanonicalJson() {
  }

  public static String write(JsonObject object) {
    StringBuilder out = new StringBuilder(256);
    writeValue(object, out);
    return out.toString();
  }

  public static byte[] bytes(JsonObject object) {
    return write(object).getBytes(StandardCharsets.UTF_8);
  }

  private static void writeValue(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof JsonObject o) {
      List<String> keys = new ArrayList<>(o.fieldNames());
      keys.sort(null);
      out.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        writeString(keys.get(i), out);
        out.append(':');
        writeValue(o.getValue(keys.get(i)), out);
      }
      out.append('}');
    } else if (value instanceof JsonArray a) {
      out.append('[');
      for (int i = 0; i < a.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        writeValue(a.getValue(i), out);
      }
      out.append(']');
    } else if (value instanceof String s) {
      writeString(s, out);
    } else if (value instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      out.append(((Number) value).longValue());
    } else {
      throw new IllegalArgumentException("not canonicalisable: " + value.getClass().getSimpleName());
    }
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
