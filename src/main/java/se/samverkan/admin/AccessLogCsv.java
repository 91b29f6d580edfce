package se.samverkan.admin;

import java.util.List;
import se.samverkan.policy.AccessLog;

/**
 * The access log of a period as CSV (RFC 4180: a header row, comma-separated, CRLF line ends,
 * fields with a comma, quote or line break quoted, quotes doubled), UTF-8 with a byte-order mark so
 * that a spreadsheet shows å, ä and ö. A text field starting with = + - @ (or a tab or carriage
 * return) is prefixed with an apostrophe, so that a spreadsheet never runs it as a formula.
 */
final class AccessLogCsv {

  static final String BOM = "\uFEFF";
  static final List<String> HEADER = List.of("id", "at", "username", "organisation", "unit", "action", "kind",
      "childId", "purpose", "outcome", "count");

  private AccessLogCsv() {
  }

  static String of(List<AccessLog.Entry> entries) {
    StringBuilder out = new StringBuilder(BOM);
    line(out, HEADER);
    for (AccessLog.Entry e : entries) {
      line(out, List.of(Long.toString(e.id()), e.at().toString(), text(e.username()), text(e.organisation()),
          text(e.unit()), e.action(), e.kind() == null ? "" : e.kind().name(),
          e.childId() == null ? "" : e.childId().toString(), text(e.purpose()), e.outcome().name(),
          Integer.toString(e.count())));
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(fields.get(i)));
    }
    out.append("\r\n");
  }

  static String field(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\r") || value.contains("\n")) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }

  static String text(String value) {
    if (value == null) {
      return "";
    }
    return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
  }
}
