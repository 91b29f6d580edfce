package se.samverkan.testing;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/** What a database dump would show: every table of the public schema, copied out as text. */
public final class DatabaseDump {

  private DatabaseDump() {
  }

  /** COPY of every table of the public schema, as a dump would read it. */
  public static String allTables(TestStack stack) throws Exception {
    StringWriter out = new StringWriter();
    try (Connection c = stack.jdbc()) {
      List<String> tables = new ArrayList<>();
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (String table : tables) {
        out.write("-- " + table + "\n");
        // Text and binary columns both: bytea is dumped as hex, so also look for the bytes in hex.
        copy.copyOut("COPY " + table + " TO STDOUT", out);
      }
    }
    String text = out.toString();
    return text + "\n" + new String(hexDecoded(text), java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** The bytes of every \\x… hex literal in the dump, so that clear text inside bytea is found too. */
  private static byte[] hexDecoded(String dump) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\\\\\\\x([0-9a-f]+)").matcher(dump);
    while (m.find()) {
      bytes.writeBytes(java.util.HexFormat.of().parseHex(m.group(1).length() % 2 == 0 ? m.group(1) : m.group(1).substring(1)));
      bytes.write('\n');
    }
    return bytes.toByteArray();
  }
}
